using System.Collections.Concurrent;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary><c>GET /api/live</c> streams warning changes, reading summaries and sensor status as Server-Sent Events.</summary>
public sealed class LiveFeedTests
{
    [Fact]
    public async Task Warnings_readings_and_status_arrive_as_server_sent_events()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: ["--Liveness:MinOfflineAfter=00:00:01"]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using (var head = await engine.Http.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead, cancel.Token))
        {
            Assert.Equal("text/event-stream", head.Content.Headers.ContentType?.MediaType);
        }
        var events = await Listen(engine, "/api/live", cancel.Token);

        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T14:00:00+08:00", 1, 40));
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 2, 35));
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T16:00:00+08:00", 3, 30));

        await Eventually.Until(() => Task.FromResult(events.Any(e => e.Event == "warning" && e.Data.Contains("\"level\":\"red\"", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), "a red warning event");
        Assert.Contains(events, e => e.Event == "warning" && e.Data.Contains("\"level\":\"orange\"", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Event == "reading" && e.Data.Contains(Engine.GaugeId, StringComparison.Ordinal));

        // One reading gives no reporting interval yet, so a second of silence (the minimum set here) is offline.
        await engine.Publish("TEST-RAIN-02", Engine.Reading("2021-07-20T16:00:00+08:00", 1, 0));
        await Eventually.Until(() => Task.FromResult(events.Any(e => e.Event == "sensor-status" && e.Data.Contains("TEST-RAIN-02", StringComparison.Ordinal) && e.Data.Contains("\"online\":false", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), "the offline event after a second of silence");
        cancel.Cancel();
    }

    [Fact]
    public async Task A_client_can_take_warnings_only_and_an_unknown_kind_is_refused()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var refused = await engine.Http.GetAsync("/api/live?events=warning,rumour", cancel.Token);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("\"events\"", await refused.Content.ReadAsStringAsync(cancel.Token), StringComparison.Ordinal);

        var all = await Listen(engine, "/api/live", cancel.Token);
        var warningsOnly = await Listen(engine, "/api/live?events=warning", cancel.Token);
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T14:00:00+08:00", 1, 120));

        await Eventually.Until(() => Task.FromResult(warningsOnly.Any(e => e.Event == "warning") && all.Any(e => e.Event == "warning")),
            TimeSpan.FromSeconds(10), "the warning on both streams");
        Assert.Contains(all, e => e.Event == "reading");
        Assert.DoesNotContain(warningsOnly, e => e.Event != "warning");
        cancel.Cancel();
    }

    /// <summary>Collects the events of an SSE stream as they arrive, until <paramref name="ct"/> is cancelled.</summary>
    internal static async Task<ConcurrentQueue<(string Event, string Data)>> Listen(Engine engine, string path, CancellationToken ct)
    {
        var response = await engine.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var events = new ConcurrentQueue<(string Event, string Data)>();
        _ = Task.Run(async () =>
        {
            using (response)
            using (var stream = new StreamReader(await response.Content.ReadAsStreamAsync(ct)))
            {
                string? kind = null;
                try
                {
                    while (await stream.ReadLineAsync(ct) is { } line)
                    {
                        if (line.StartsWith("event: ", StringComparison.Ordinal)) kind = line[7..];
                        else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is not null) events.Enqueue((kind, line[6..]));
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        }, ct);
        return events;
    }
}
