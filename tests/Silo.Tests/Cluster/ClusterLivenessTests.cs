using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Cluster;

/// <summary>
/// One liveness for the cluster: a sensor's online/offline state is kept by its grain, so every silo's API says the
/// same although each silo takes only its share of the readings; and a silo that dies for good does not take its
/// sensors' silence checks with it — the survivors' watch wakes those grains, and the silent sensors go offline there.
/// </summary>
public sealed class ClusterLivenessTests(ITestOutputHelper output)
{
    private const int Sensors = 6;

    private static string Registry => string.Concat(Enumerable.Range(1, Sensors).Select(i =>
        $"- {{ id: LV-{i:D2}, kind: rain, name: 在线雨量站{i}, region: \"620522\", areas: [\"6205221002{i:D2}\"], ruleset: cma-rainstorm }}\n"));

    [Fact]
    public async Task Every_silo_tells_the_same_liveness_and_sensors_of_a_dead_silo_still_go_offline_on_the_survivors()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var redis = await RedisServer.StartNew();
        await using var mosquitto = await MosquittoServer.StartNew();
        var root = Directory.CreateTempSubdirectory("warning-liveness-").FullName;
        var records = TestRecords.Shared($"liveness-{Guid.NewGuid():N}");
        var silos = new List<EngineProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add(await EngineProcess.Start(influx.Url, Path.Combine(root, $"silo-{i}"), Registry, $"127.0.0.1:{mosquitto.Port}",
                    [.. records, "--Cluster:Provider=redis", $"--Cluster:Redis={redis.ConnectionString}", "--Cluster:ClusterId=liveness", $"--Mqtt:ClientId=silo-{i}",
                        "--Liveness:MinOfflineAfter=00:00:10", "--Liveness:WatchInterval=00:00:01",
                        // Written a second after a reading: a grain lost with silo-2 comes back knowing its sensor was heard from.
                        "--Sensors:StateFlushPeriod=00:00:01"]));
            }
            async Task<Dictionary<string, bool>> Online(EngineProcess silo) =>
                (await silo.Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors"))!.ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("online").GetBoolean());

            // One reading each, through the shared subscription: each silo takes some of them, every silo says all are online.
            using var publisher = await Telemetry.Connect(mosquitto.Port);
            var ts = DateTimeOffset.UtcNow;
            for (var s = 1; s <= Sensors; s++) Assert.True(await Telemetry.PublishRain(publisher, $"LV-{s:D2}", ts, 1, 0.5));
            foreach (var silo in silos)
            {
                await Eventually.Until(async () => (await Online(silo)).Values.All(o => o), TimeSpan.FromSeconds(9), "every sensor online on every silo");
            }

            // silo-2 dies for good; nothing more comes from the gauges.
            await silos[2].Kill();
            var killed = DateTimeOffset.UtcNow;
            // First the gauge, which only the silos' watch feeds (no API call wakes a grain before it), then the API.
            foreach (var silo in silos.Take(2))
            {
                await Eventually.Until(async () => PrometheusText.Value(await silo.Http.GetStringAsync("/metrics"), "warning_sensors_offline") == Sensors, TimeSpan.FromSeconds(60),
                    $"the offline gauge at {Sensors} on the survivor");
            }
            foreach (var silo in silos.Take(2)) Assert.All(await Online(silo), p => Assert.False(p.Value, $"{p.Key} offline"));
            output.WriteLine($"all {Sensors} sensors offline on both survivors {(DateTimeOffset.UtcNow - killed).TotalSeconds:0.0} s after the kill (silence limit 10 s)");
            Assert.Equal((await Online(silos[0])).OrderBy(p => p.Key), (await Online(silos[1])).OrderBy(p => p.Key));
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }
}
