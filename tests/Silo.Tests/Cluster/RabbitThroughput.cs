using System.Diagnostics;
using Warning.Silo.Tests.Infrastructure;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Cluster;

/// <summary>
/// A measurement, not a test (explicit: run with <c>--filter-method</c>): the cluster's ingest rate through RabbitMQ —
/// readings/s from the first publish (QoS 1, one logged-in connection per gauge, each gauge's readings one after the
/// other as a device sends them) until InfluxDB holds every reading with rules evaluated — for 1, 2 and 3 silo
/// processes in the same run, each on a fresh broker, database and cluster.
/// </summary>
public sealed class RabbitThroughput(ITestOutputHelper output)
{
    private const int Sensors = 200;
    private const int PerSensor = 100;
    private static readonly DateTimeOffset Start = new(2021, 7, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact(Explicit = true)]
    public async Task Readings_per_second_with_one_two_and_three_silos()
    {
        // Also kept in tests/artifacts/cluster/rabbit-throughput.txt: a test runner shows a passing test's output only on request.
        var file = Path.Combine(RepoPaths.Root, "tests", "artifacts", "cluster", "rabbit-throughput.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        foreach (var silos in new[] { 1, 2, 3 })
        {
            var rate = await Measure(silos);
            var line = $"{DateTimeOffset.UtcNow:u} RabbitMQ, {silos} silo(s): {Sensors * PerSensor} readings from {Sensors} devices in {rate.Seconds:0.0} s = {rate.PerSecond:0} readings/s";
            output.WriteLine(line);
            await File.AppendAllTextAsync(file, line + Environment.NewLine);
        }
    }

    private static async Task<(double Seconds, double PerSecond)> Measure(int count)
    {
        var ids = Enumerable.Range(1, Sensors).Select(i => $"RT-{i:D3}").ToArray();
        await using var influx = await InfluxServer.StartNew();
        await using var redis = await RedisServer.StartNew();
        await using var rabbit = await RabbitMqServer.StartNew(ids.Select(id => (id, $"secret-{id}")));
        var root = Directory.CreateTempSubdirectory("warning-rabbit-throughput-").FullName;
        var registry = string.Concat(ids.Select(id => $"- {{ id: {id}, kind: rain, name: {id}, region: \"620522\", ruleset: cma-rainstorm }}\n"));
        var records = TestRecords.Shared($"rabbit-throughput-{Guid.NewGuid():N}");
        var silos = new List<EngineProcess>();
        var devices = new List<MQTTnet.IMqttClient>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                silos.Add(await EngineProcess.Start(influx.Url, Path.Combine(root, $"silo-{i}"), registry,
                    [.. records, .. rabbit.EngineSettings, "--Cluster:Provider=redis", $"--Cluster:Redis={redis.ConnectionString}", $"--Cluster:ClusterId=rt-{count}"]));
            }
            foreach (var id in ids) devices.Add(await Telemetry.ConnectDevice(rabbit.MqttPort, id, $"secret-{id}"));
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select(async (id, d) =>
            {
                for (var n = 0; n < PerSensor; n++)
                    Assert.True(await Telemetry.PublishRain(devices[d], id, Start.AddMinutes(5 * n), n, 0.1 * (n % 7)), $"RabbitMQ refused reading {n} of {id}");
            }));
            await Eventually.Until(async () =>
            {
                var rows = await influx.Query("SELECT count(\"rain_mm\") FROM \"rain\"");
                return rows.Count > 0 && rows[0][1].GetInt64() == Sensors * PerSensor;
            }, TimeSpan.FromMinutes(3), "every reading stored");
            var seconds = clock.Elapsed.TotalSeconds;
            return (seconds, Sensors * PerSensor / seconds);
        }
        finally
        {
            foreach (var device in devices) device.Dispose();
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }
}
