using System.Diagnostics;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Publication;

/// <summary>At most once per (warning version, channel, recipient), even when the engine is killed halfway through the fan-out.</summary>
public sealed class FanOutCrashTests(ITestOutputHelper output)
{
    private const int Villagers = 10_000;

    [Fact]
    public async Task Ten_thousand_villagers_get_exactly_one_SMS_each_although_the_engine_is_killed_halfway()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        var dataDir = Directory.CreateTempSubdirectory("warning-crash-").FullName;
        string[] settings = [$"--Channels:Sms:Url={gateway.SmsUrl}", $"--Channels:Broadcast:Url={gateway.BroadcastUrl}", "--Channels:Sms:RatePerSecond=2000"];

        var first = await EngineProcess.Start(influx.Url, dataDir, Engine.DefaultRegistry, settings);
        string publicId;
        int seenAtKill;
        try
        {
            await PutRoster(first, Villagers);
            await first.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
            await Approve(first, "red");
            publicId = (await Eventually.Get(() => PublicWarnings(first), w => w.Count == 1, Wait, "public red"))[0].GetProperty("id").GetString()!;
            await Eventually.Until(() => Task.FromResult(DistinctSms(gateway) >= Villagers * 4 / 10), TimeSpan.FromSeconds(60), "40 % of the SMS out");
        }
        finally
        {
            await first.Kill();
        }
        seenAtKill = DistinctSms(gateway);
        output.WriteLine($"killed with SIGKILL after {seenAtKill} of {Villagers} SMS reached the gateway");
        Assert.InRange(seenAtKill, 1, Villagers - 1);

        var restartedAt = Stopwatch.StartNew();
        await using var second = await EngineProcess.Start(influx.Url, dataDir, Engine.DefaultRegistry, settings);
        await Eventually.Until(async () => (await Publications(second, $"?warningId={publicId}")).All(p => p.GetProperty("state").GetString() == "sent"),
            TimeSpan.FromSeconds(120), "every message sent after the restart");
        output.WriteLine($"the rest went out within {restartedAt.Elapsed.TotalSeconds:0.0} s of the restart");

        var sms = gateway.To("/sms").Select(r => (MessageId: r.Json.GetProperty("messageId").GetString()!, To: r.Json.GetProperty("to").GetString()!)).ToList();
        var perVillager = sms.GroupBy(s => s.To).ToDictionary(g => g.Key, g => g.Select(s => s.MessageId).Distinct().Count());
        Assert.Equal(Villagers, perVillager.Count);
        Assert.All(perVillager, v => Assert.Equal(1, v.Value));            // one SMS (one message id) per villager
        var repeats = sms.Count - sms.Select(s => s.MessageId).Distinct().Count();
        output.WriteLine($"{repeats} request(s) repeated an SMS already taken, under the same message id (in flight at the kill)");
        Assert.InRange(repeats, 0, 32 * 8);                                  // at most one batch was in flight
        Assert.Single(gateway.To("/broadcast").Select(r => r.Json.GetProperty("messageId").GetString()).Distinct());

        var records = await Publications(second, $"?warningId={publicId}");
        Assert.Equal(Villagers + 1, records.Count);
        Assert.Equal(Villagers, records.Count(r => r.GetProperty("channel").GetString() == "sms"));
    }

    [Fact]
    public async Task Fan_out_rate_against_the_local_gateway()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings: GatewaySettings(gateway));
        await PutRoster(engine, Villagers);
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
        await Approve(engine, "red");
        await Eventually.Until(() => Task.FromResult(DistinctSms(gateway) == Villagers), TimeSpan.FromSeconds(120), "every SMS out");

        var times = gateway.To("/sms").Select(r => r.At).Order().ToList();
        var seconds = (times[^1] - times[0]).TotalSeconds;
        output.WriteLine($"fan-out: {Villagers} SMS in {seconds:0.00} s = {Villagers / seconds:0} messages/s (no rate limit, concurrency 32, one local gateway)");
        Assert.Equal(Villagers, gateway.To("/sms").Count());
    }

    private static int DistinctSms(RecordingGateway gateway) =>
        gateway.To("/sms").Select(r => r.Json.GetProperty("messageId").GetString()).Distinct().Count();
}
