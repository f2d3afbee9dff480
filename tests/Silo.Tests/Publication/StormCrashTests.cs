using System.Diagnostics;
using System.Net.Http.Json;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Publication;

/// <summary>
/// A storm: thousands of gauges red in the same minute, each village's people on its list, approval left to the
/// timeout — and the engine SIGKILLed in the middle of the fan-out. After the restart every gauge has its warning once,
/// every village its public warning once, and every person exactly one SMS.
/// </summary>
public sealed class StormCrashTests(ITestOutputHelper output)
{
    private const int Gauges = 2_000;
    private const int PerVillage = 10;
    private const int Villages = Gauges / PerVillage;
    private static readonly DateTimeOffset Onset = new(2021, 7, 20, 16, 0, 0, TimeSpan.FromHours(8));

    private static string Village(int v) => $"4101830{v + 1:D5}";

    private static string Registry => string.Concat(Enumerable.Range(0, Gauges).Select(g =>
        $"- {{ id: ST-{g:D5}, kind: rain, name: 暴雨站{g}, region: \"410183\", areas: [\"{Village(g / PerVillage)}\"], ruleset: cma-rainstorm }}\n"));

    [Fact]
    public async Task Every_gauge_warns_once_and_every_villager_gets_one_SMS_although_the_engine_is_killed_mid_storm()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        var dataDir = Directory.CreateTempSubdirectory("warning-storm-").FullName;
        string[] settings = [$"--Channels:Sms:Url={gateway.SmsUrl}", "--Channels:Sms:RatePerSecond=300", "--Warnings:ApprovalTimeout=00:00:02"];

        var first = await EngineProcess.Start(influx.Url, dataDir, Registry, settings);
        try
        {
            var roster = Enumerable.Range(0, Villages).SelectMany(v => Enumerable.Range(0, PerVillage).Select(p => new
            {
                id = $"v{v:D4}-p{p}", name = $"村民{v}-{p}", phone = $"+8613{v:D5}{p:D4}", areas = new[] { Village(v) }, roles = new[] { "villager" },
                channels = new[] { "sms" }, minLevel = "blue",
            }));
            var put = await first.Http.PutAsJsonAsync("/api/recipients", roster);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

            var clock = Stopwatch.StartNew();
            Assert.Equal(Gauges, await Telemetry.PublishMany(first.MqttPort, Enumerable.Range(0, Gauges).Select(g => ($"ST-{g:D5}", Reading(Onset, 1, 120)))));
            output.WriteLine($"{Gauges} red readings acknowledged in {clock.Elapsed.TotalSeconds:0.0} s");
            await Eventually.Until(() => Task.FromResult(DistinctSms(gateway) >= Gauges / 4), TimeSpan.FromSeconds(120), "a quarter of the SMS out");
        }
        finally
        {
            await first.Kill();
        }
        var atKill = DistinctSms(gateway);
        output.WriteLine($"killed with SIGKILL after {atKill} of {Gauges} SMS reached the gateway");
        Assert.InRange(atKill, 1, Gauges - 1);

        await using var second = await EngineProcess.Start(influx.Url, dataDir, Registry, settings);
        // The gauges go on reporting (dry now): no level changes, nothing new to say.
        await Telemetry.PublishMany(second.MqttPort, Enumerable.Range(0, Gauges).Select(g => ($"ST-{g:D5}", Reading(Onset.AddMinutes(5), 2, 0))));
        await Eventually.Until(() => Task.FromResult(DistinctSms(gateway) >= Gauges), TimeSpan.FromSeconds(180), "every villager's SMS out after the restart");

        var warnings = await second.Warnings("?limit=100000");
        Assert.Equal(Gauges, warnings.Count);
        Assert.Equal(Gauges, warnings.Select(w => w.GetProperty("sensorId").GetString()).Distinct().Count());
        Assert.All(warnings, w => Assert.Equal("red", w.GetProperty("level").GetString()));
        var publicWarnings = await PublicWarnings(second, "?active=true");
        Assert.Equal(Villages, publicWarnings.Count);
        Assert.Equal(Villages, publicWarnings.Select(w => w.GetProperty("area").GetString()).Distinct().Count());

        var sms = gateway.To("/sms").Select(r => (MessageId: r.Json.GetProperty("messageId").GetString()!, To: r.Json.GetProperty("to").GetString()!)).ToList();
        var perPerson = sms.GroupBy(s => s.To).ToDictionary(g => g.Key, g => g.Select(s => s.MessageId).Distinct().Count());
        Assert.Equal(Gauges, perPerson.Count);
        Assert.All(perPerson, p => Assert.Equal(1, p.Value));       // one message id per person: repeats only of one in flight
        var records = await Publications(second, "?channel=sms");
        Assert.Equal(Gauges, records.Count);
        await Eventually.Until(async () => (await Publications(second, "?channel=sms&state=sent")).Count == Gauges, TimeSpan.FromSeconds(60), "every record sent");
        output.WriteLine($"{sms.Count - perPerson.Count} request(s) repeated an SMS in flight at the kill, under the same message id");
    }

    private static string Reading(DateTimeOffset ts, long seq, double mm) => Engine.Reading(ts.ToString("O"), seq, mm);

    private static int DistinctSms(RecordingGateway gateway) =>
        gateway.To("/sms").Select(r => r.Json.GetProperty("messageId").GetString()).Distinct().Count();
}
