using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Faults;

/// <summary>
/// The SMS and broadcast gateway failing (503), then slow (answers after the engine's timeout), then well: the
/// messages wait in rounds of tries and all go out once it is well; each villager gets one message id.
/// </summary>
public sealed class GatewayOutageTests(ITestOutputHelper output)
{
    private const int Villagers = 300;

    [Fact]
    public async Task A_failing_then_slow_gateway_delays_the_warning_and_loses_no_message()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, settings:
        [
            .. GatewaySettings(gateway), "--Channels:MaxAttempts=2", "--Channels:RetryDelay=00:00:00.050",
            "--Channels:AttemptTimeout=00:00:00.500", "--Channels:BreakDuration=00:00:01", "--Channels:Sms:RatePerSecond=0",
        ]);
        await PutRoster(engine, Villagers);
        gateway.FailWith = 503;
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 1, 120));
        await Approve(engine, "red");

        await Eventually.Get(async () => PrometheusText.Value(await engine.Metrics(), "warning_publications_deferred_total", "channel=\"sms\""), n => n >= Villagers,
            TimeSpan.FromSeconds(30), "a round of tries deferred for every SMS");
        Assert.DoesNotContain(await Publications(engine), p => p.GetProperty("state").GetString() is "sent" or "failed");
        var failing = gateway.Requests.Count;

        gateway.FailWith = null;
        gateway.Delay = TimeSpan.FromSeconds(2);   // four times the engine's timeout
        // The circuit lets a probe through each second; each times out against the slow gateway.
        await Eventually.Until(() => Task.FromResult(gateway.Requests.Count > failing + 5), TimeSpan.FromSeconds(30), "requests to the slow gateway");
        var slow = gateway.Requests.Count - failing;
        gateway.Delay = TimeSpan.Zero;

        var records = await Eventually.Get(() => Publications(engine), p => p.Count == Villagers + 1 && p.All(x => x.GetProperty("state").GetString() == "sent"),
            TimeSpan.FromSeconds(60), "every message sent once the gateway is well");
        var taken = gateway.Requests.Where(r => r.Status == 200 && r.Path == "/sms")
            .Select(r => (Id: r.Json.GetProperty("messageId").GetString()!, To: r.Json.GetProperty("to").GetString()!)).ToList();
        var perVillager = taken.GroupBy(t => t.To).ToDictionary(g => g.Key, g => g.Select(t => t.Id).Distinct().Count());
        output.WriteLine($"{gateway.Requests.Count} requests: {failing} answered 503, {slow} while slow, the rest well; "
            + $"{taken.Count} SMS requests answered 200 for {perVillager.Count} villagers ({taken.Count - taken.Select(t => t.Id).Distinct().Count()} repeated a message id); "
            + $"attempts per message up to {records.Max(r => r.GetProperty("attempts").GetInt32())}");
        Assert.Equal(Villagers, perVillager.Count);
        Assert.All(perVillager, v => Assert.Equal(1, v.Value));
        Assert.Contains(records, r => r.GetProperty("attempts").GetInt32() > 2);   // more than one round
    }
}
