using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Publication;

/// <summary>
/// A 10,000-recipient drill measured: a red warning to 9,500 villagers and 500 village officers; the test plays the
/// gateway's part (a delivered receipt for every SMS as it arrives, each officer's reply with their code) and reads the
/// figures from <c>/reach</c>: time from the first message to 90 % delivered and to every official confirmed.
/// </summary>
public sealed class DrillReachTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_recipients_reach_90_percent_delivered_and_every_official_confirms_and_reach_says_when()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings: [.. GatewaySettings(gateway), "--Confirm:Key=drill-key-0123456789abcdef-0123456789"]);
        var roster = Enumerable.Range(1, 10_000).Select(i => new
        {
            id = $"r-{i:D5}", name = i <= 500 ? $"责任人{i}" : $"村民{i}", phone = $"+86139{i:D8}", areas = new[] { Area },
            roles = new[] { i <= 500 ? "village-officer" : "public" }, channels = new[] { "sms" }, minLevel = "blue",
        }).ToList();
        Assert.True((await engine.Http.PutAsJsonAsync("/api/recipients", roster)).IsSuccessStatusCode);

        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
        await Approve(engine, "red");
        var clock = Stopwatch.StartNew();
        var id = (await Eventually.Get(() => PublicWarnings(engine, "?active=true"), w => w.Count == 1, Wait, "public red"))[0].GetProperty("id").GetString()!;

        // The handsets: every SMS delivered as the gateway takes it; every officer answers with their code.
        var answered = new HashSet<string>();
        var done = 0;
        using var throttle = new SemaphoreSlim(16);
        var work = new List<Task>();
        var seen = 0;
        while (done < 10_000 + 500 && clock.Elapsed < TimeSpan.FromMinutes(4))
        {
            var requests = gateway.Requests.ToArray();
            foreach (var r in requests.Skip(seen).Where(r => r.Path == "/sms"))
            {
                var json = r.Json;
                var messageId = json.GetProperty("messageId").GetString()!;
                var to = json.GetProperty("to").GetString()!;
                var code = ReplyCode(json.GetProperty("text").GetString()!);
                var receipt = json.GetProperty("segment").GetInt32() == json.GetProperty("segments").GetInt32();
                var reply = code.Length > 0 && answered.Add(to);
                work.Add(Task.Run(async () =>
                {
                    await throttle.WaitAsync();
                    try
                    {
                        if (receipt) { (await engine.Http.PostAsJsonAsync("/api/publications/receipts", new { messageId, state = "delivered" })).EnsureSuccessStatusCode(); Interlocked.Increment(ref done); }
                        if (reply) { (await engine.Http.PostAsJsonAsync("/api/sms/inbound", new { from = to, text = $"收到{code}" })).EnsureSuccessStatusCode(); Interlocked.Increment(ref done); }
                    }
                    finally { throttle.Release(); }
                }));
            }
            seen = requests.Length;
            await Task.Delay(100);
        }
        await Task.WhenAll(work);
        var reach = await engine.Http.GetFromJsonAsync<JsonElement>($"/api/warnings/{id}/reach");
        var total = reach.GetProperty("total");
        output.WriteLine($"targeted {total.GetProperty("targeted")}, delivered {total.GetProperty("delivered")}, officials {total.GetProperty("officials")}, confirmed {total.GetProperty("confirmed")}");
        output.WriteLine($"first message → 90 % delivered: {total.GetProperty("secondsTo90PctDelivered")} s; → every official confirmed: {total.GetProperty("secondsToAllConfirmed")} s; test wall clock {clock.Elapsed.TotalSeconds:0.0} s");
        var timer = Stopwatch.StartNew();
        await engine.Http.GetFromJsonAsync<JsonElement>($"/api/warnings/{id}/reach");
        output.WriteLine($"GET /reach of 10,000 recipients: {timer.ElapsedMilliseconds} ms");
        // The figures the README quotes, kept beside the other test artifacts.
        var artifacts = Path.Combine(Warning.Tests.Shared.RepoPaths.Root, "tests", "artifacts", "drill");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "drill-10000.txt"), $"{DateTimeOffset.UtcNow:O}\n{total}\nGET /reach {timer.ElapsedMilliseconds} ms; test wall clock {clock.Elapsed.TotalSeconds:0.0} s\n");
        Assert.Equal((10_000, 10_000, 500, 500, 0), (total.GetProperty("targeted").GetInt32(), total.GetProperty("delivered").GetInt32(),
            total.GetProperty("officials").GetInt32(), total.GetProperty("confirmed").GetInt32(), total.GetProperty("silent").GetInt32()));
        Assert.True(total.GetProperty("secondsTo90PctDelivered").GetDouble() < total.GetProperty("secondsToAllConfirmed").GetDouble() + 60);
        Assert.True(total.GetProperty("secondsToAllConfirmed").GetDouble() < 240);
    }
}
