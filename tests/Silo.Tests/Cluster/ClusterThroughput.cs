using System.Diagnostics;
using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using Warning.Silo.Tests.Infrastructure;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Cluster;

/// <summary>
/// A measurement, not a test (explicit: run with <c>-method</c> or <c>--filter-method</c>): readings/s from publish
/// at QoS 1 to stored in InfluxDB with rules evaluated, for a cluster of 1 and of 3 silo processes in the same run.
/// </summary>
public sealed class ClusterThroughput(ITestOutputHelper output)
{
    private const int Sensors = 200;
    private const int PerSensor = 100;

    [Fact(Explicit = true)]
    public async Task Readings_per_second_with_one_and_with_three_silos()
    {
        // Also kept in tests/artifacts/cluster/mosquitto-throughput.txt: a test runner shows a passing test's output only on request.
        var file = Path.Combine(RepoPaths.Root, "tests", "artifacts", "cluster", "mosquitto-throughput.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        foreach (var silos in new[] { 1, 3 })
        {
            var rate = await Measure(silos);
            var line = $"{DateTimeOffset.UtcNow:u} mosquitto, {silos} silo(s): {Sensors * PerSensor} readings over 8 connections in {rate.Seconds:0.0} s = {rate.PerSecond:0} readings/s";
            output.WriteLine(line);
            await File.AppendAllTextAsync(file, line + Environment.NewLine);
        }
    }

    private static async Task<(double Seconds, double PerSecond)> Measure(int count)
    {
        await using var influx = await InfluxServer.StartNew();
        await using var redis = await RedisServer.StartNew();
        await using var mosquitto = await MosquittoServer.StartNew();
        var root = Directory.CreateTempSubdirectory("warning-throughput-").FullName;
        var registry = string.Concat(Enumerable.Range(1, Sensors).Select(i => $"- {{ id: TP-{i:D3}, kind: rain, name: g{i}, region: \"620522\", ruleset: cma-rainstorm }}\n"));
        // A cluster keeps its records in PostgreSQL (one database for every silo), as ./warning up --silos N does.
        var records = TestRecords.Shared($"throughput-{Guid.NewGuid():N}");
        var silos = new List<EngineProcess>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                silos.Add(await EngineProcess.Start(influx.Url, Path.Combine(root, $"silo-{i}"), registry, $"127.0.0.1:{mosquitto.Port}",
                    [.. records, "--Cluster:Provider=redis", $"--Cluster:Redis={redis.ConnectionString}", $"--Mqtt:ClientId=tp-{i}"]));
            }
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async p =>
            {
                using var client = new MqttClientFactory().CreateMqttClient();
                await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", mosquitto.Port).WithClientId($"tp-pub-{p}").Build());
                for (var n = 0; n < PerSensor; n++)
                {
                    for (var s = p + 1; s <= Sensors; s += 8)
                    {
                        var ts = new DateTimeOffset(2021, 7, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(5 * n);
                        var json = $$$"""{"ts":"{{{ts:O}}}","seq":{{{n}}},"values":{"rain_mm":{{{(0.1 * (n % 7)).ToString(CultureInfo.InvariantCulture)}}}}}""";
                        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"sensors/rain/TP-{s:D3}/telemetry")
                            .WithPayload(Encoding.UTF8.GetBytes(json)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                    }
                }
            }));
            await Eventually.Until(async () =>
            {
                var rows = await influx.Query("SELECT count(\"rain_mm\") FROM \"rain\"");
                return rows.Count > 0 && rows[0][1].GetInt64() == Sensors * PerSensor;
            }, TimeSpan.FromMinutes(2), "every reading stored");
            var seconds = clock.Elapsed.TotalSeconds;
            return (seconds, Sensors * PerSensor / seconds);
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }
}
