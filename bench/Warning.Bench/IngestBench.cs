using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Server;
using Warning.Silo.Hosting;

namespace Warning.Bench;

/// <summary>
/// Ingest throughput against raw baselines measured in the same run: MQTT QoS 1 through mosquitto alone and through
/// an embedded MQTTnet broker alone (publisher → broker → subscriber), InfluxDB line-protocol writes alone, and the
/// engine — validation, dedup, rules and storage — from publish at QoS 1 to every reading stored, through each broker.
/// </summary>
public sealed class IngestBench(string influxUrl, string mosquitto, int messages, TextWriter progress)
{
    private const int Sensors = 500;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public async Task<IReadOnlyList<Figure>> Run(CancellationToken ct)
    {
        var (host, port) = Endpoint(mosquitto);
        var rawMosquitto = await RawBroker(host, port, ct);
        await progress.WriteLineAsync($"bench: mosquitto alone {rawMosquitto:N0} msg/s");
        var rawEmbedded = await RawEmbeddedBroker(ct);
        await progress.WriteLineAsync($"bench: embedded broker alone {rawEmbedded:N0} msg/s");
        var rawInflux = await RawInflux(ct);
        await progress.WriteLineAsync($"bench: InfluxDB writes alone {rawInflux:N0} points/s");
        var engineEmbedded = await Engine(null, ct);
        await progress.WriteLineAsync($"bench: engine via its embedded broker {engineEmbedded:N0} readings/s");
        var engineMosquitto = await Engine(mosquitto, ct);
        await progress.WriteLineAsync($"bench: engine via mosquitto {engineMosquitto:N0} readings/s");
        return
        [
            new("mosquitto QoS 1, publisher → broker → subscriber", rawMosquitto, "msg/s"),
            new("embedded MQTTnet broker QoS 1, publisher → broker → subscriber", rawEmbedded, "msg/s"),
            new("InfluxDB line protocol, batches of 5,000", rawInflux, "points/s"),
            new("engine via embedded broker, publish → stored with rules", engineEmbedded, "readings/s", "embedded broker alone", rawEmbedded),
            new("engine via mosquitto (persistent session), publish → stored with rules", engineMosquitto, "readings/s", "mosquitto alone", rawMosquitto),
            new("engine via mosquitto against InfluxDB alone", engineMosquitto, "readings/s", "InfluxDB writes alone", rawInflux),
        ];
    }

    private IReadOnlyList<(string Topic, byte[] Payload)> Readings(string prefix)
    {
        var start = new DateTimeOffset(2021, 7, 1, 0, 0, 0, TimeSpan.FromHours(8));
        return Enumerable.Range(0, messages).Select(i =>
        {
            var sensor = i % Sensors;
            var n = i / Sensors;
            // Light rain (at most 14 mm in 12 h): every rule is evaluated but none fires, so the figure is ingestion's
            // and not the warning book's (which 500 simultaneous warnings would measure instead).
            return ($"sensors/rain/{prefix}-{sensor:D4}/telemetry", MqttLoad.RainReading(start.AddMinutes(5 * n), n, 0.1 * (n % 3)));
        }).ToList();
    }

    private async Task<double> RawBroker(string host, int port, CancellationToken ct)
    {
        var (subscriber, received) = await MqttLoad.Subscribe(host, port, "sensors/rain/+/telemetry", ct);
        using (subscriber) return await Timed(Readings("RAW-M"), (host, port), received, ct);
    }

    private async Task<double> RawEmbeddedBroker(CancellationToken ct)
    {
        var port = FreePorts.Next();
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).WithMaxPendingMessagesPerClient(messages).Build());
        await server.StartAsync();
        try
        {
            var (subscriber, received) = await MqttLoad.Subscribe("127.0.0.1", port, "sensors/rain/+/telemetry", ct);
            using (subscriber) return await Timed(Readings("RAW-E"), ("127.0.0.1", port), received, ct);
        }
        finally
        {
            await server.StopAsync();
        }
    }

    /// <summary>
    /// A raw broker's rate, timed like the engine's: the first reading of each gauge goes through untimed (connections
    /// made, code compiled, topics seen), then the rest from the first publish until the subscriber has every message.
    /// </summary>
    private static async Task<double> Timed(IReadOnlyList<(string Topic, byte[] Payload)> readings, (string Host, int Port) broker, Func<long> received, CancellationToken ct)
    {
        await MqttLoad.Publish(broker.Host, broker.Port, readings.Take(Sensors).ToList(), ct);
        await Until.True(() => received() >= Sensors, Deadline, "the first message of every gauge at the subscriber", ct);
        var clock = Stopwatch.StartNew();
        await MqttLoad.Publish(broker.Host, broker.Port, readings.Skip(Sensors).ToList(), ct);
        await Until.True(() => received() >= readings.Count, Deadline, "every message at the subscriber", ct);
        return (readings.Count - Sensors) / clock.Elapsed.TotalSeconds;
    }

    private async Task<double> RawInflux(CancellationToken ct)
    {
        const string db = "warning_bench_raw";
        await _http.PostAsync($"{influxUrl}/query?q={Uri.EscapeDataString($"DROP DATABASE {db}; CREATE DATABASE {db}")}", null, ct);
        var start = new DateTimeOffset(2021, 7, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        async Task Write(int from, int to)
        {
            for (var offset = from; offset < to; offset += 5000)
            {
                var lines = new StringBuilder();
                for (var i = offset; i < Math.Min(to, offset + 5000); i++)
                    lines.Append(CultureInfo.InvariantCulture, $"rain,sensor=RAW-{i % Sensors:D4},region=620522 rain_mm={0.1 * (i % 9):0.0} {start + i / Sensors * 300_000}\n");
                using var response = await _http.PostAsync($"{influxUrl}/write?db={db}&precision=ms", new StringContent(lines.ToString()), ct);
                response.EnsureSuccessStatusCode();
            }
        }
        // The same warm-up as the engine: every series created by its first point, untimed.
        await Write(0, Sensors);
        var clock = Stopwatch.StartNew();
        await Write(Sensors, messages);
        return (messages - Sensors) / clock.Elapsed.TotalSeconds;
    }

    private async Task<double> Engine(string? externalBroker, CancellationToken ct)
    {
        var db = $"warning_bench_{(externalBroker is null ? "embedded" : "mosquitto")}";
        await _http.PostAsync($"{influxUrl}/query?q={Uri.EscapeDataString($"DROP DATABASE {db}")}", null, ct);
        var prefix = externalBroker is null ? "BE" : "BM";
        var registry = string.Concat(Enumerable.Range(0, Sensors).Select(i =>
            $"- {{ id: {prefix}-{i:D4}, kind: rain, name: bench {i}, region: \"620522\", areas: [\"620522100201\"], ruleset: cma-rainstorm }}\n"));
        await using var engine = await BenchEngine.Start(registry, influxUrl, db, externalBroker, [], ct);
        var (host, port) = externalBroker is null ? ("127.0.0.1", engine.MqttPort) : Endpoint(externalBroker);
        // The first reading of each gauge activates its grain and compiles the path: sustained throughput is timed after.
        var readings = Readings(prefix);
        await MqttLoad.Publish(host, port, readings.Take(Sensors).ToList(), ct);
        await Until.True(async () => await Stored(db, ct) >= Sensors, Deadline, "the first reading of every gauge stored", ct);
        var clock = Stopwatch.StartNew();
        await MqttLoad.Publish(host, port, readings.Skip(Sensors).ToList(), ct);
        await Until.True(async () => await Stored(db, ct) >= messages, Deadline, "every reading stored", ct);
        return (messages - Sensors) / clock.Elapsed.TotalSeconds;
    }

    private static (string Host, int Port) Endpoint(string hostPort) =>
        (hostPort[..hostPort.LastIndexOf(':')], int.Parse(hostPort[(hostPort.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));

    private async Task<long> Stored(string db, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync($"{influxUrl}/query?db={db}&q={Uri.EscapeDataString("SELECT count(rain_mm) FROM rain")}", ct));
        var result = doc.RootElement.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;
    }
}
