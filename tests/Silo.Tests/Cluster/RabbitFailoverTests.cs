using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;
using Warning.Storage.Spool;

namespace Warning.Silo.Tests.Cluster;

/// <summary>
/// Ingest that redistributes (issue 17): three silo processes on real Redis, PostgreSQL, RabbitMQ (MQTT plugin, one
/// quorum queue every silo consumes) and influxd take a steady QoS 1 load from 20 devices logged in over MQTT 3.1.1;
/// one silo is SIGKILLed and never restarted. RabbitMQ gives the dead consumer's unacknowledged messages to the
/// survivors at once, so every reading the broker accepted is evaluated by them within 30 s of the kill, each red
/// gauge's warning exists once and reads the same on both survivors, and InfluxDB holds every reading — those the dead
/// silo had acknowledged and only logged on its own disk (InfluxDB is down around the kill, so there are some) once its
/// volume is taken over by a new silo, as Kubernetes does with a pod's volume.
/// </summary>
public sealed class RabbitFailoverTests(ITestOutputHelper output)
{
    private const int Sensors = 20;
    private const int RedGauges = 3;
    private static readonly DateTimeOffset Start = new(2021, 7, 20, 0, 0, 0, TimeSpan.FromHours(8));

    // The test sends five minutes of event time every 200 ms, so the few readings that come back from a dead silo's hand
    // a second later are hours late in event time; live gauges would be a second late. The lateness is scaled to match.
    private static string Registry => string.Concat(Enumerable.Range(1, Sensors).Select(i =>
        $"- {{ id: RF-{i:D2}, kind: rain, name: 兔子集群雨量站{i}, region: \"620522\", areas: [\"6205221004{i:D2}\"], ruleset: cma-rainstorm, params: {{ lateness: PT12H }} }}\n"));

    [Fact]
    public async Task A_silo_killed_for_good_strands_nothing_the_survivors_take_its_readings_within_seconds()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var redis = await RedisServer.StartNew();
        await using var rabbit = await RabbitMqServer.StartNew(Enumerable.Range(1, Sensors).Select(i => ($"RF-{i:D2}", $"secret-{i:D2}")));
        var root = Directory.CreateTempSubdirectory("warning-rabbit-failover-").FullName;
        var records = TestRecords.Shared($"rabbit-failover-{Guid.NewGuid():N}");
        Task<EngineProcess> StartSilo(int i, string? dir = null) => EngineProcess.Start(influx.Url, dir ?? Path.Combine(root, $"silo-{i}"), Registry,
            [.. records, .. rabbit.EngineSettings, "--Cluster:Provider=redis", $"--Cluster:Redis={redis.ConnectionString}", "--Cluster:ClusterId=rabbit-failover"]);

        var silos = new List<EngineProcess>();
        var devices = new List<MQTTnet.IMqttClient>();
        try
        {
            for (var i = 0; i < 3; i++) silos.Add(await StartSilo(i));
            for (var i = 1; i <= Sensors; i++) devices.Add(await Telemetry.ConnectDevice(rabbit.MqttPort, $"RF-{i:D2}", $"secret-{i:D2}"));

            // The steady load: every gauge a reading every 200 ms, five minutes of event time apart, at QoS 1 — a PUBACK
            // means RabbitMQ's quorum queue holds it. The first gauges turn red early and stay red.
            using var stopLoad = new CancellationTokenSource();
            var accepted = 0;
            var rounds = 0;
            var load = Task.Run(async () =>
            {
                for (var round = 0; !stopLoad.IsCancellationRequested; round++)
                {
                    var results = await Task.WhenAll(Enumerable.Range(1, Sensors).Select(s =>
                        Telemetry.PublishRain(devices[s - 1], $"RF-{s:D2}", Start.AddMinutes(5 * round), round, s <= RedGauges && round >= 5 ? 120 : 0.2)));
                    Interlocked.Add(ref accepted, results.Count(ok => ok));
                    Assert.All(results, ok => Assert.True(ok, "RabbitMQ refused a reading while a silo died"));
                    rounds = round + 1;
                    await Task.Delay(200);
                }
            });

            // InfluxDB is down for the seconds around the kill, so the dead silo surely takes readings to its reading log
            // (and acknowledges them) that it never gets to store: they wait on its disk for whoever takes its volume.
            await Task.Delay(TimeSpan.FromSeconds(4));
            await influx.Stop();
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            // The victim: a silo whose grains write readings (its reading log has a segment open), so grains move too.
            var victim = Enumerable.Range(0, 3).Reverse().FirstOrDefault(i => Directory.GetFiles(Path.Combine(root, $"silo-{i}", "spool"), "*.wal").Length > 0, 2);
            var acceptedAtKill = Volatile.Read(ref accepted);
            await silos[victim].Kill();
            var sinceKill = Stopwatch.StartNew();
            output.WriteLine($"silo-{victim} killed (SIGKILL, never restarted) after {acceptedAtKill} readings accepted, InfluxDB down since 1.5 s");
            await Task.Delay(TimeSpan.FromSeconds(1));
            await influx.Start();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await stopLoad.CancelAsync();
            await load;
            var loadEnded = sinceKill.Elapsed;
            output.WriteLine($"{accepted} readings accepted at QoS 1 over {rounds} rounds; the load ended {loadEnded.TotalSeconds:0.0} s after the kill");

            // Every accepted reading evaluated by the survivors: nothing waits in the queue or in anyone's hand (a
            // message is acknowledged only once its reading was handed to its grain), and every gauge is at its last reading.
            var lastTs = Start.AddMinutes(5 * (rounds - 1));
            var survivors = silos.Where((_, i) => i != victim).ToList();
            await Eventually.Until(async () =>
            {
                foreach (var silo in survivors)
                {
                    var sensors = (await silo.Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors"))!;
                    if (!sensors.All(x => x.TryGetProperty("lastReading", out var r) && r.ValueKind == JsonValueKind.Object && r.GetProperty("ts").GetDateTimeOffset() == lastTs))
                        return false;
                }
                return await rabbit.QueueDepth() == (0, 0);
            }, TimeSpan.FromSeconds(30) - sinceKill.Elapsed, "every accepted reading evaluated by the survivors within 30 s of the kill");
            var evaluated = sinceKill.Elapsed;
            output.WriteLine($"every accepted reading evaluated by the survivors {evaluated.TotalSeconds:0.0} s after the kill "
                + $"({(evaluated - loadEnded).TotalSeconds:0.0} s after the load ended; the queue polled through rabbitmqctl, about 1 s a look)");
            Assert.True(evaluated < TimeSpan.FromSeconds(30));

            // Each red gauge's warning once, the same on both survivors; no other gauge has one.
            for (var s = 1; s <= Sensors; s++)
            {
                var views = new List<string>();
                foreach (var silo in survivors)
                {
                    var warnings = await silo.Warnings($"?sensorId=RF-{s:D2}");
                    if (s > RedGauges)
                    {
                        Assert.Empty(warnings);
                        continue;
                    }
                    var standing = Assert.Single(warnings, w => w.GetProperty("status").GetString() != "cancelled");
                    Assert.Equal("red", standing.GetProperty("level").GetString());
                    Assert.All(warnings.Where(w => w.GetProperty("status").GetString() == "cancelled"),
                        w => Assert.Equal("retracted", w.GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString()));
                    views.Add($"{standing.GetProperty("id").GetString()}:{standing.GetProperty("level").GetString()}:{standing.GetProperty("status").GetString()}");
                }
                if (s <= RedGauges) Assert.Single(views.Distinct());
            }

            // InfluxDB: what the survivors stored, plus what the dead silo had logged on its own disk before it drained
            // it (acknowledged, so never delivered again), is every accepted reading.
            var deadSpool = Path.Combine(root, $"silo-{victim}", "spool");
            var onDeadDisk = PendingPoints(deadSpool);
            // The survivors drain their own logs once InfluxDB is back (their writers retry with backoff).
            var stored = await Eventually.Get(() => influx.Count("rain", "rain_mm"), n => n + onDeadDisk >= accepted, TimeSpan.FromSeconds(60),
                $"the survivors' readings in InfluxDB ({onDeadDisk} of {accepted} on the dead silo's disk)");
            output.WriteLine($"InfluxDB holds {stored} of {accepted}; {onDeadDisk} points wait in the dead silo's reading log");
            Assert.True(stored <= accepted, $"{stored} points stored for {accepted} readings: some stored twice");
            Assert.True(stored + onDeadDisk >= accepted, $"{accepted - stored - onDeadDisk} accepted readings neither in InfluxDB nor on the dead silo's disk");

            Assert.True(onDeadDisk > 0, "the dead silo had logged nothing it had not stored: the volume takeover below would prove nothing");

            // Its volume taken over by a new silo (a pod rescheduled with the claim): the log drains, and InfluxDB has them all.
            var takeover = Stopwatch.StartNew();
            silos.Add(await StartSilo(3, Path.Combine(root, $"silo-{victim}")));
            await Eventually.Until(async () => await influx.Count("rain", "rain_mm") == accepted, TimeSpan.FromSeconds(60), $"all {accepted} readings in InfluxDB");
            output.WriteLine($"the dead silo's volume taken over: its reading log drained {takeover.Elapsed.TotalSeconds:0.0} s after the new silo started");
            Assert.Equal(accepted, await influx.Count("rain", "rain_mm"));
        }
        finally
        {
            foreach (var device in devices) device.Dispose();
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    /// <summary>Rain points in a reading log not yet drained to InfluxDB, read from a copy (the log is left as it is).</summary>
    private static int PendingPoints(string spool)
    {
        if (!Directory.Exists(spool)) return 0;
        var copy = Directory.CreateTempSubdirectory("warning-dead-spool-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(spool, "*.wal")) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            using var log = new ReadingLog(copy);
            var points = 0;
            while (log.TryPeek(out var frame))
            {
                points += log.Read(frame).Split('\n').Count(line => line.StartsWith("rain,", StringComparison.Ordinal) && line.Contains("rain_mm=", StringComparison.Ordinal));
                log.Drained(frame);
            }
            return points;
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
