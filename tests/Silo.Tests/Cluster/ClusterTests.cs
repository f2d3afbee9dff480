using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Cluster;

/// <summary>
/// Three silo processes on real Redis, PostgreSQL (the records), mosquitto (shared subscription) and influxd: one killed
/// with SIGKILL mid-stream, then the whole cluster restarted — nothing the broker accepted is lost, no warning is
/// doubled, and every silo shows the same warnings, publications and audit.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const int Sensors = 20;
    private const int Rounds = 30;
    private static readonly DateTimeOffset Start = new(2021, 7, 20, 0, 0, 0, TimeSpan.FromHours(8));

    // The test sends 2.5 hours of event time in about a second, while mosquitto holds the killed silo's share of it
    // until that silo returns some 15 s later: those readings come back hours late in event time. Live gauges in real
    // time would be 15 s late, well inside the default lateness of 10 minutes, so the lateness is scaled up to match.
    private static string Registry => string.Concat(Enumerable.Range(1, Sensors).Select(i =>
        $"- {{ id: CL-{i:D2}, kind: rain, name: 集群雨量站{i}, region: \"620522\", areas: [\"6205221002{i:D2}\"], ruleset: cma-rainstorm, params: {{ lateness: PT12H }} }}\n"));

    [Fact]
    public async Task A_killed_silo_loses_nothing_and_state_survives_a_full_cluster_restart()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var redis = await RedisServer.StartNew();
        await using var mosquitto = await MosquittoServer.StartNew();
        var root = Directory.CreateTempSubdirectory("warning-cluster-").FullName;
        var broker = $"127.0.0.1:{mosquitto.Port}";
        var deployment = 1;
        await using var gateway = await RecordingGateway.Start();
        var records = TestRecords.Shared($"cluster-{Guid.NewGuid():N}");
        Task<EngineProcess> StartSilo(int i) => EngineProcess.Start(influx.Url, Path.Combine(root, $"silo-{i}"), Registry, broker,
            [.. records, $"--Channels:Sms:Url={gateway.SmsUrl}", "--Channels:Sms:RatePerSecond=0", "--Cluster:Provider=redis", $"--Cluster:Redis={redis.ConnectionString}", $"--Cluster:ClusterId=test-{deployment}", $"--Mqtt:ClientId=silo-{i}"]);

        var silos = new List<EngineProcess>();
        try
        {
            for (var i = 0; i < 3; i++) silos.Add(await StartSilo(i));
            foreach (var silo in silos) Assert.Equal(Sensors, (await silo.Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors"))!.Count);

            using var publisher = await Telemetry.Connect(mosquitto.Port);
            var accepted = 0;
            var clock = Stopwatch.StartNew();
            for (var round = 0; round < Rounds; round++)
            {
                if (round == Rounds / 2)
                {
                    await silos[2].Kill();
                    output.WriteLine($"silo-2 killed (SIGKILL) after {accepted} readings accepted by the broker");
                }
                for (var s = 1; s <= Sensors; s++)
                {
                    var mm = s == 1 && round == 20 ? 120 : 0.5;   // CL-01 goes red after the kill
                    accepted += await Telemetry.PublishRain(publisher, $"CL-{s:D2}", Start.AddMinutes(5 * round), round, mm) ? 1 : 0;
                }
            }
            output.WriteLine($"{accepted} readings accepted at QoS 1 in {clock.Elapsed.TotalSeconds:0.0} s");

            // The survivors answer for every sensor at once, including those whose grains lived on silo-2.
            var recovery = Stopwatch.StartNew();
            foreach (var silo in silos.Take(2))
            {
                await Eventually.Until(async () => (await silo.Http.GetAsync("/api/sensors")).IsSuccessStatusCode
                    && (await silo.Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors"))!.Count == Sensors, TimeSpan.FromSeconds(60), "survivors serving every sensor");
                await Eventually.Until(async () => (await silo.Http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "survivor ready");
            }
            output.WriteLine($"survivors served all {Sensors} sensors {recovery.Elapsed.TotalMilliseconds:0} ms after the stream ended");

            // mosquitto keeps the shared subscription's share of a dead member in its persistent session, so those
            // readings wait for silo-2: it comes back under its own client id and takes them (as a StatefulSet pod would).
            var probeTs = Start.AddMinutes(5 * Rounds);
            for (var s = 1; s <= Sensors; s++) accepted += await Telemetry.PublishRain(publisher, $"CL-{s:D2}", probeTs, Rounds, 0) ? 1 : 0;
            var restarted = Stopwatch.StartNew();
            silos[2] = await StartSilo(2);
            await Eventually.Until(async () =>
            {
                var sensors = await silos[0].Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors");
                return sensors!.All(x => x.TryGetProperty("lastReading", out var r) && r.ValueKind == JsonValueKind.Object
                    && r.GetProperty("ts").GetDateTimeOffset() == probeTs);
            }, TimeSpan.FromSeconds(90), "every sensor's probe reading evaluated");
            output.WriteLine($"silo-2 restarted: every held reading evaluated {restarted.Elapsed.TotalSeconds:0.0} s after its restart began");
            await Eventually.Until(async () => await influx.Count("rain", "rain_mm") == accepted, TimeSpan.FromSeconds(90),
                $"all {accepted} accepted readings in InfluxDB");
            Assert.Equal(accepted, await influx.Count("rain", "rain_mm"));
            output.WriteLine($"InfluxDB holds all {accepted} readings the broker accepted");

            var red = await Eventually.Get(() => silos[0].Warnings("?sensorId=CL-01"), w => w.Count >= 1, TimeSpan.FromSeconds(30), "CL-01 warning");
            Assert.Single(red);
            Assert.Equal("red", red[0].GetProperty("level").GetString());
            foreach (var silo in silos) Assert.Single(await silo.Warnings("?sensorId=CL-01"));   // the API answers on every silo

            // An operator's action on one silo is in the audit every silo reads (one records database).
            var act = await silos[1].Http.PostAsJsonAsync($"/api/warnings/{red[0].GetProperty("id").GetString()}/ack", new { by = "值班员 cluster" });
            Assert.True(act.IsSuccessStatusCode, await act.Content.ReadAsStringAsync());
            foreach (var silo in silos)
            {
                var audit = await silo.Http.GetFromJsonAsync<List<JsonElement>>("/api/audit?limit=100");
                Assert.Contains(audit!, e => e.GetProperty("path").GetString()!.EndsWith("/ack", StringComparison.Ordinal));
            }

            // The whole cluster dies and comes back: the warning and its approval state are in Redis.
            foreach (var silo in silos) await silo.Kill();
            deployment++;   // a new deployment of the same service: same grain state, fresh membership
            var restart = Stopwatch.StartNew();
            for (var i = 0; i < 3; i++) silos[i] = await StartSilo(i);
            output.WriteLine($"full restart: 3 silos ready in {restart.Elapsed.TotalSeconds:0.0} s");
            var after = await silos[1].Warnings("?sensorId=CL-01");
            Assert.Equal(red[0].GetProperty("id").GetString(), Assert.Single(after).GetProperty("id").GetString());
            Assert.Equal("pending-approval", after[0].GetProperty("status").GetString());
            // The sensor's rule state (its rain windows and level) came back from Redis too.
            var gauge = await silos[2].Http.GetFromJsonAsync<JsonElement>("/api/sensors/CL-01");
            Assert.Equal("red", gauge.GetProperty("level").GetString());

            // One outbox for the cluster: a roster put on one silo, the warning approved on another, the SMS sent by
            // whichever silo's dispatcher leased it — once — and every silo shows the same publications.
            var roster = Enumerable.Range(1, 5).Select(n => new { id = $"cl-villager-{n}", name = $"村民{n}", phone = $"+8613900000{n:D3}",
                areas = new[] { "620522100201" }, roles = new[] { "villager" }, channels = new[] { "sms" }, minLevel = "blue" });
            Assert.True((await silos[0].Http.PutAsJsonAsync("/api/recipients", roster)).IsSuccessStatusCode);
            var approved = await silos[1].Http.PostAsJsonAsync($"/api/warnings/{red[0].GetProperty("id").GetString()}/approve", new { by = "值班员 cluster" });
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
            await Eventually.Until(() => Task.FromResult(gateway.To("/sms").Select(r => r.Json.GetProperty("messageId").GetString()).Distinct().Count() == 5),
                TimeSpan.FromSeconds(30), "5 SMS at the gateway");
            var views = new List<string>();
            foreach (var silo in silos)
            {
                var sent = await Eventually.Get(async () => (await silo.Http.GetFromJsonAsync<List<JsonElement>>("/api/publications?channel=sms"))!,
                    p => p.Count == 5 && p.All(x => x.GetProperty("state").GetString() == "sent"), TimeSpan.FromSeconds(30), "5 sent SMS on every silo");
                views.Add(string.Join(",", sent.Select(r => $"{r.GetProperty("messageId").GetString()}:{r.GetProperty("state").GetString()}")));
            }
            Assert.Single(views.Distinct());
            Assert.Equal(5, gateway.To("/sms").Count());                      // nothing sent twice by two silos

            // One registry: a sensor put through one silo's API takes readings through the others at once.
            var put = await silos[0].Http.PutAsJsonAsync("/api/sensors/CL-API-01", new
            {
                kind = "rain", name = "put on silo 0", region = "620522", areas = new[] { "620522100201" }, ruleset = "cma-rainstorm", @params = new { },
            });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            for (var i = 1; i < 3; i++)
            {
                var posted = await silos[i].Http.PostAsJsonAsync("/api/sensors/CL-API-01/telemetry",
                    new { ts = $"2021-07-21T0{i}:00:00+08:00", seq = i, values = new { rain_mm = 1.5 } });
                Assert.True(posted.IsSuccessStatusCode, $"silo {i}: {await posted.Content.ReadAsStringAsync()}");
            }
            var apiGauge = await silos[2].Http.GetFromJsonAsync<JsonElement>("/api/sensors/CL-API-01");
            Assert.Equal(2, apiGauge.GetProperty("readings").GetInt64());
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }
}
