using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Warning.Silo.Hosting;

namespace Warning.Bench;

/// <summary>
/// Publish-to-warning latency at a fixed offered load: every gauge sends a reading a second (<see cref="PacedLoad"/>)
/// while probe gauges, one every <see cref="ProbeInterval"/>, get a reading that crosses their threshold. Each probe's
/// clock starts just before its PUBLISH and stops when its warning shows on the live feed (SSE), on
/// <c>GET /api/warnings</c>, and at a webhook subscriber (the public warning, through the durable outbox) — the same
/// <see cref="Stopwatch"/> on both ends. The baseline is the same load and probes through the embedded MQTT broker
/// alone, publisher to subscriber. Both warm up the same way, whatever ran before in the process: the load runs for the
/// warm-up while warm-up probes (their own gauges and villages, not counted) go out at the same interval, so the warning's
/// whole path (rule, warning and area grains, records, live feed, outbox, webhook) has run before the first counted probe.
/// </summary>
public sealed class LatencyBench(string influxUrl, TextWriter progress)
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(1);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public sealed record Outcome(int OfferedPerSecond, double SentPerSecond, int Probes, Percentiles Broker, Percentiles Sse, Percentiles Api, Percentiles Webhook);

    public async Task<Outcome> Run(int sensors, int probes, TimeSpan warmup, CancellationToken ct)
    {
        var background = Enumerable.Range(0, sensors).Select(i => $"BG-{i:D5}").ToArray();
        var probeIds = Enumerable.Range(0, probes).Select(i => $"PR-{i:D4}").ToArray();
        var warmIds = Enumerable.Range(0, (int)(warmup / ProbeInterval)).Select(i => $"PW-{i:D4}").ToArray();
        var broker = await BrokerAlone(background, probeIds, warmIds, ct);
        await progress.WriteLineAsync($"bench: latency, embedded broker alone at {sensors:N0} readings/s: p50 {broker.P50:0.0} ms, p99 {broker.P99:0.0} ms");
        var (sent, sse, api, webhook) = await Engine(background, probeIds, warmIds, ct);
        await progress.WriteLineAsync($"bench: latency, engine at {sensors:N0} readings/s: SSE p50 {sse.P50:0.0} / p99 {sse.P99:0.0} ms, API p99 {api.P99:0.0} ms, webhook p99 {webhook.P99:0.0} ms");
        return new Outcome(sensors, Math.Round(sent), probes, broker, sse, api, webhook);
    }

    public static IEnumerable<Figure> Figures(Outcome o)
    {
        var load = $"{o.OfferedPerSecond:N0} readings/s offered";
        foreach (var (what, p) in new[] { ("warning on the live feed (SSE)", o.Sse), ("warning on GET /api/warnings", o.Api), ("public warning at a webhook (outbox)", o.Webhook) })
        {
            yield return new Figure($"publish → {what}, {load}, p50", p.P50, "ms", "embedded broker alone, publish → subscriber p50", o.Broker.P50);
            yield return new Figure($"publish → {what}, {load}, p99", p.P99, "ms", "embedded broker alone, publish → subscriber p99", o.Broker.P99);
        }
    }

    private async Task<Percentiles> BrokerAlone(string[] background, string[] probeIds, string[] warmIds, CancellationToken ct)
    {
        var port = FreePorts.Next();
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).WithMaxPendingMessagesPerClient(1_000_000).Build());
        await server.StartAsync();
        try
        {
            var arrived = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            using var subscriber = new MqttClientFactory().CreateMqttClient();
            subscriber.ApplicationMessageReceivedAsync += e =>
            {
                var topic = e.ApplicationMessage.Topic;
                if (topic.StartsWith("sensors/rain/PR-", StringComparison.Ordinal)) arrived.TryAdd(topic.Split('/')[2], Stopwatch.GetTimestamp());
                return Task.CompletedTask;
            };
            await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("bench-latency-sub").Build(), ct);
            await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("sensors/rain/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
            var (_, published) = await UnderLoad(port, background, probeIds, warmIds, _ => { }, ct);
            await Until.True(() => arrived.Count >= probeIds.Length, Settle, "every probe through the broker", ct);
            return Latencies(published, arrived);
        }
        finally
        {
            await server.StopAsync();
        }
    }

    private async Task<(double Sent, Percentiles Sse, Percentiles Api, Percentiles Webhook)> Engine(string[] background, string[] probeIds, string[] warmIds, CancellationToken ct)
    {
        const string db = "warning_bench_latency";
        await _http.PostAsync($"{influxUrl}/query?q={Uri.EscapeDataString($"DROP DATABASE {db}")}", null, ct);
        await using var engine = await BenchEngine.Start(Registry(background, [.. warmIds, .. probeIds]), influxUrl, db, null, [], ct);
        await using var gateway = await LocalGateway.Start();
        using var api = new HttpClient { BaseAddress = engine.Api, Timeout = TimeSpan.FromSeconds(30) };
        using (var subscribed = await api.PostAsJsonAsync("/api/subscriptions", new { url = $"{gateway.Url}/hook", areas = warmIds.Concat(probeIds).Select(Area).ToArray(), minLevel = "blue", secret = "bench-webhook-secret" }, ct))
        {
            subscribed.EnsureSuccessStatusCode();
        }
        using var stopListening = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var onFeed = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var feed = await Listen(api, onFeed, stopListening.Token);
        var onApi = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var polls = new ConcurrentBag<Task>();
        var (sent, published) = await UnderLoad(engine.MqttPort, background, probeIds, warmIds, id => polls.Add(Poll(api, id, onApi, ct)), ct);
        var all = probeIds.Length + warmIds.Length;
        await Until.True(() => onFeed.Count >= all && gateway.Count >= all, Settle, "every probe's warning on the feed and at the webhook", ct);
        await Task.WhenAll(polls);
        await stopListening.CancelAsync();
        await feed;
        var atWebhook = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (_, body, at) in gateway.Requests)
        {
            if (probeIds.FirstOrDefault(id => body.Contains($"\"{id}\"", StringComparison.Ordinal)) is { } id) atWebhook.TryAdd(id, at);
        }
        // Where the tail lies: the slowest probes on the live feed, with when each went out after the first.
        var first = published.Values.Min();
        var slowest = published.Where(p => onFeed.ContainsKey(p.Key))
            .Select(p => (At: Stopwatch.GetElapsedTime(first, p.Value).TotalSeconds, Ms: Stopwatch.GetElapsedTime(p.Value, onFeed[p.Key]).TotalMilliseconds))
            .OrderByDescending(p => p.Ms).Take(5);
        await progress.WriteLineAsync($"bench: latency, slowest probes on the feed: {string.Join(", ", slowest.Select(p => $"{p.Ms:0} ms at +{p.At:0.0} s"))}");
        return (sent, Latencies(published, onFeed), Latencies(published, onApi), Latencies(published, atWebhook));
    }

    /// <summary>
    /// Runs the background load, fires the warm-up probes (the warm-up: one each probe interval), then the counted probes,
    /// stops the load; returns the achieved rate and each counted probe's publish time.
    /// </summary>
    private static async Task<(double SentPerSecond, Dictionary<string, long> Published)> UnderLoad(int port, string[] background, string[] probeIds,
        string[] warmIds, Action<string> onProbe, CancellationToken ct)
    {
        var load = new PacedLoad("127.0.0.1", port, background);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        var running = load.Run(stop.Token);
        using var prober = new MqttClientFactory().CreateMqttClient();
        await prober.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"bench-probe-{Guid.NewGuid():N}").Build(), ct);
        var published = new Dictionary<string, long>(StringComparer.Ordinal);
        using var ticks = new PeriodicTimer(ProbeInterval);
        foreach (var id in warmIds.Concat(probeIds))
        {
            await ticks.WaitForNextTickAsync(ct);
            var message = new MqttApplicationMessageBuilder().WithTopic($"sensors/rain/{id}/telemetry").WithPayload(MqttLoad.RainReading(DateTimeOffset.UtcNow, 1, 60))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            var counted = !id.StartsWith("PW-", StringComparison.Ordinal);
            if (counted) published[id] = Stopwatch.GetTimestamp();
            var acked = prober.PublishAsync(message, ct);
            if (counted) onProbe(id);
            await acked;
        }
        await stop.CancelAsync();
        await running;
        return (load.Sent / clock.Elapsed.TotalSeconds, published);
    }

    /// <summary>Asks the API for the probe's warning as fast as it answers, from the moment the probe went out.</summary>
    private static async Task Poll(HttpClient api, string sensorId, ConcurrentDictionary<string, long> seen, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Settle)
        {
            var body = await api.GetStringAsync($"/api/warnings?sensorId={sensorId}", ct);
            if (body.Contains(sensorId, StringComparison.Ordinal))
            {
                seen.TryAdd(sensorId, Stopwatch.GetTimestamp());
                return;
            }
            await Task.Delay(2, ct);
        }
    }

    /// <summary>Reads <c>/api/live?events=warning</c>, noting when each sensor's first warning event arrives; returns once connected.</summary>
    private static async Task<Task> Listen(HttpClient api, ConcurrentDictionary<string, long> seen, CancellationToken ct)
    {
        var response = await api.GetAsync("/api/live?events=warning", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var stream = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        return Task.Run(async () =>
        {
            using (response)
            using (stream)
            {
                try
                {
                    while (await stream.ReadLineAsync(ct) is { } line)
                    {
                        if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                        var at = Stopwatch.GetTimestamp();
                        using var json = JsonDocument.Parse(line[6..]);
                        if (json.RootElement.GetProperty("sensorId").GetString() is { } id) seen.TryAdd(id, at);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        }, CancellationToken.None);
    }

    private static Percentiles Latencies(Dictionary<string, long> published, IReadOnlyDictionary<string, long> arrived) =>
        Percentiles.Of(published
            .Where(p => arrived.ContainsKey(p.Key)).Select(p => Stopwatch.GetElapsedTime(p.Value, arrived[p.Key]).TotalMilliseconds));

    // Each probe its own village: counted probes 620522900000 on, warm-up probes 620522800000 on.
    private static string Area(string probeId) =>
        $"620522{(probeId.StartsWith("PW-", StringComparison.Ordinal) ? 800000 : 900000) + int.Parse(probeId[3..], CultureInfo.InvariantCulture)}";

    /// <summary>Background gauges with the default rainstorm rule; probe gauges whose blue (published at once) is the only level 60 mm reaches, each in its own village.</summary>
    private static string Registry(string[] background, string[] probeIds) =>
        string.Concat(background.Select(id => $"- {{ id: {id}, kind: rain, name: {id}, region: \"620522\", areas: [\"620522100201\"], ruleset: cma-rainstorm }}\n"))
        + string.Concat(probeIds.Select(id =>
            $"- {{ id: {id}, kind: rain, name: {id}, region: \"620522\", areas: [\"{Area(id)}\"], ruleset: cma-rainstorm, params: {{ yellow: {{ mm: 5000 }}, orange: {{ mm: 5000 }}, red: {{ mm: 10000 }} }} }}\n"));
}
