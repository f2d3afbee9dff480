using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Cluster;

/// <summary>
/// A rolling restart under load, as Kubernetes does it: three silo processes on real Redis, PostgreSQL, mosquitto and
/// influxd take a steady QoS 1 stream while each silo in turn gets SIGTERM, drains, exits and comes back. Nothing the
/// broker accepted is lost or stored twice, each red gauge has one warning standing (one a late reading revised away is
/// retracted), and every SMS went out once.
/// </summary>
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private const int Sensors = 20;
    private const int RedGauges = 3;
    private static readonly DateTimeOffset Start = new(2021, 7, 20, 0, 0, 0, TimeSpan.FromHours(8));

    // A silo that restarts takes its share of the shared subscription back from its session some seconds later: those
    // readings arrive late in event time (the test sends hours of event time in a minute), so lateness is scaled up.
    private static string Registry => string.Concat(Enumerable.Range(1, Sensors).Select(i =>
        $"- {{ id: RR-{i:D2}, kind: rain, name: 滚动重启雨量站{i}, region: \"620522\", areas: [\"6205221003{i:D2}\"], ruleset: cma-rainstorm, params: {{ lateness: PT48H }} }}\n"));

    [Fact]
    public Task Restarting_every_silo_in_turn_under_load_loses_and_doubles_nothing() => Run(rabbit: false);

    /// <summary>
    /// The same through RabbitMQ's quorum queue (<c>Ingest:Broker=rabbitmq</c>), 20 devices logged in over MQTT 3.1.1: a
    /// stopping silo cancels its consumer, finishes what it holds and leaves the rest to the queue for the others.
    /// </summary>
    [Fact]
    public Task Restarting_every_silo_in_turn_under_load_through_RabbitMQ_loses_and_doubles_nothing() => Run(rabbit: true);

    private async Task Run(bool rabbit)
    {
        await using var influx = await InfluxServer.StartNew();
        await using var redis = await RedisServer.StartNew();
        await using var mosquitto = rabbit ? null : await MosquittoServer.StartNew();
        await using var rabbitmq = rabbit ? await RabbitMqServer.StartNew(Enumerable.Range(1, Sensors).Select(i => ($"RR-{i:D2}", $"secret-{i:D2}"))) : null;
        await using var gateway = await RecordingGateway.Start();
        var root = Directory.CreateTempSubdirectory("warning-rolling-").FullName;
        var records = TestRecords.Shared($"rolling-{Guid.NewGuid():N}");
        string[] broker = rabbitmq is not null ? rabbitmq.EngineSettings : [$"--Mqtt:ExternalBroker=127.0.0.1:{mosquitto!.Port}"];
        Task<EngineProcess> StartSilo(int i) => EngineProcess.Start(influx.Url, Path.Combine(root, $"silo-{i}"), Registry,
            [.. records, .. broker, $"--Channels:Sms:Url={gateway.SmsUrl}", "--Channels:Sms:RatePerSecond=0", "--Warnings:ApprovalTimeout=00:00:05",
                "--Cluster:Provider=redis", $"--Cluster:Redis={redis.ConnectionString}", "--Cluster:ClusterId=rolling", $"--Mqtt:ClientId=silo-{i}"]);

        var silos = new List<EngineProcess>();
        var devices = new List<MQTTnet.IMqttClient>();
        try
        {
            for (var i = 0; i < 3; i++) silos.Add(await StartSilo(i));
            var roster = Enumerable.Range(1, RedGauges).SelectMany(g => Enumerable.Range(1, 2).Select(n => new
            {
                id = $"rr-{g}-{n}", name = $"村干部{g}-{n}", phone = $"+861390{g:D2}{n:D5}", areas = new[] { $"6205221003{g:D2}" },
                roles = new[] { "village-officer" }, channels = new[] { "sms" }, minLevel = "blue",
            }));
            Assert.True((await silos[0].Http.PutAsJsonAsync("/api/recipients", roster)).IsSuccessStatusCode);

            // The steady load: a reading per gauge per round, five minutes of event time apart; the first gauges turn
            // red early and stay red, so their approval runs out and their SMS go out while silos are restarting.
            // mosquitto: one connection for every gauge; RabbitMQ: each device logged in on its own.
            if (rabbitmq is not null)
                for (var s = 1; s <= Sensors; s++) devices.Add(await Telemetry.ConnectDevice(rabbitmq.MqttPort, $"RR-{s:D2}", $"secret-{s:D2}"));
            else
                devices.Add(await Telemetry.Connect(mosquitto!.Port));
            using var stopLoad = new CancellationTokenSource();
            var accepted = 0;
            var rounds = 0;
            var load = Task.Run(async () =>
            {
                for (var round = 0; !stopLoad.IsCancellationRequested; round++)
                {
                    for (var s = 1; s <= Sensors; s++)
                    {
                        var mm = s <= RedGauges && round >= 3 ? 120 : 0.2;
                        if (await Telemetry.PublishRain(devices[rabbitmq is null ? 0 : s - 1], $"RR-{s:D2}", Start.AddMinutes(5 * round), round, mm)) Interlocked.Increment(ref accepted);
                    }
                    rounds = round + 1;
                    await Task.Delay(100);
                }
            });

            await Task.Delay(TimeSpan.FromSeconds(3));
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 3; i++)
            {
                var stopping = Stopwatch.StartNew();
                await silos[i].Stop(TimeSpan.FromSeconds(60));
                var stopped = stopping.Elapsed;
                silos[i] = await StartSilo(i);
                output.WriteLine($"silo-{i}: exited {stopped.TotalSeconds:0.0} s after SIGTERM, ready again {stopping.Elapsed.TotalSeconds:0.0} s after it");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
            await stopLoad.CancelAsync();
            await load;
            output.WriteLine($"{accepted} readings accepted at QoS 1 over {rounds} rounds; rolling restart took {clock.Elapsed.TotalSeconds:0.0} s");

            await Eventually.Until(async () => await influx.Count("rain", "rain_mm") >= accepted, TimeSpan.FromSeconds(120), $"all {accepted} accepted readings in InfluxDB");
            Assert.Equal(accepted, await influx.Count("rain", "rain_mm"));
            var lastTs = Start.AddMinutes(5 * (rounds - 1));
            await Eventually.Until(async () => (await silos[0].Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors"))!
                .All(x => x.TryGetProperty("lastReading", out var r) && r.ValueKind == JsonValueKind.Object && r.GetProperty("ts").GetDateTimeOffset() == lastTs),
                TimeSpan.FromSeconds(120), "every gauge's last reading evaluated");

            // A silo's share of the stream comes back after its restart, so a red gauge's readings may arrive out of order:
            // a warning that a late reading revised away is retracted (never published twice), and one stands.
            for (var s = 1; s <= RedGauges; s++)
            {
                foreach (var silo in silos)
                {
                    var warnings = await Eventually.Get(() => silo.Warnings($"?sensorId=RR-{s:D2}"),
                        w => w.Count(x => x.GetProperty("status").GetString() == "active") == 1, TimeSpan.FromSeconds(30), $"RR-{s:D2} warning active");
                    Assert.Equal("red", Assert.Single(warnings, w => w.GetProperty("status").GetString() != "cancelled").GetProperty("level").GetString());
                    Assert.All(warnings.Where(w => w.GetProperty("status").GetString() == "cancelled"),
                        w => Assert.Equal("retracted", w.GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString()));
                }
            }
            // Every SMS the outbox holds reached the gateway, once.
            var queued = 0;
            await Eventually.Until(async () =>
            {
                var sms = (await silos[0].Http.GetFromJsonAsync<List<JsonElement>>("/api/publications?channel=sms"))!;
                queued = sms.Count;
                return queued >= RedGauges * 2 && sms.All(m => m.GetProperty("state").GetString() == "sent")
                    && gateway.To("/sms").Select(r => r.Json.GetProperty("messageId").GetString()).Distinct().Count() == queued;
            }, TimeSpan.FromSeconds(60), $"every queued SMS (at least {RedGauges * 2}) sent and at the gateway");
            // Once each: a village officer's SMS asks for an answer (code and link) and takes two segments, each its own
            // request under the message's id — every (message, segment) once, and every segment of each message there.
            var requests = gateway.To("/sms").Select(r => (Id: r.Json.GetProperty("messageId").GetString(), Segment: r.Json.GetProperty("segment").GetInt32(),
                Of: r.Json.GetProperty("segments").GetInt32())).ToList();
            Assert.Equal(requests.Count, requests.Distinct().Count());
            Assert.All(requests.GroupBy(r => r.Id), m => Assert.Equal(m.First().Of, m.Count()));
            output.WriteLine($"{queued} SMS queued ({requests.Count} segments), each at the gateway once");
        }
        finally
        {
            foreach (var device in devices) device.Dispose();
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }
}
