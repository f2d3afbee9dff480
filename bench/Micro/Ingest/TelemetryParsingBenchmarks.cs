using System.Text;
using BenchmarkDotNet.Attributes;
using Warning.Grains.Telemetry;
using Warning.Ingest.Telemetry;

namespace Warning.Micro.Ingest;

/// <summary>
/// What the ingest does with every MQTT message before any grain is involved: parse the topic, then parse and
/// validate the JSON payload against the contract (<see cref="TelemetryParser"/>). At thousands of messages a second
/// this is the front door's cost; a refused payload costs a rejection with its message text (and, for malformed JSON,
/// a caught exception). The registry lookup, metrics and the grain hand-off are not in these figures.
/// </summary>
[MemoryDiagnoser]
public class TelemetryParsingBenchmarks
{
    private const string RainTopic = "sensors/rain/RG-0042/telemetry";
    private const string ChemicalTopic = "sensors/chemical/GD-T101-03/telemetry";

    private static readonly DateTimeOffset Now = new(2021, 7, 20, 16, 0, 5, TimeSpan.FromHours(8));

    private static readonly ReadOnlyMemory<byte> RainPayload = Utf8(
        """{"ts": "2021-07-20T16:00:00+08:00", "seq": 1842, "values": {"rain_mm": 12.4}}""");

    private static readonly ReadOnlyMemory<byte> ChemicalPayload = Utf8(
        """{"ts": "2021-07-20T16:00:00+08:00", "seq": 99120, "values": {"lel_pct": 3.5, "o2_vol_pct": 20.9, "level_pct": 71.2, "temp_c": 31.4, "pressure_mpa": 0.82}}""");

    // A gateway that sends the number as a string: valid JSON, refused at the value.
    private static readonly ReadOnlyMemory<byte> WrongTypePayload = Utf8(
        """{"ts": "2021-07-20T16:00:00+08:00", "seq": 1843, "values": {"rain_mm": "12.4"}}""");

    // Cut off mid-message: JsonDocument throws, the parser catches and looks for NaN/Infinity before calling it malformed.
    private static readonly ReadOnlyMemory<byte> TruncatedPayload = Utf8(
        """{"ts": "2021-07-20T16:00:00+08:00", "seq": 1844, "values": {"rain_m""");

    [Benchmark]
    public (Reading?, Rejection?) ValidRain() => Parse(RainTopic, RainPayload);

    [Benchmark]
    public (Reading?, Rejection?) ValidChemicalFiveMetrics() => Parse(ChemicalTopic, ChemicalPayload);

    [Benchmark]
    public (Reading?, Rejection?) RejectedWrongType() => Parse(RainTopic, WrongTypePayload);

    [Benchmark]
    public (Reading?, Rejection?) RejectedMalformedJson() => Parse(RainTopic, TruncatedPayload);

    private static (Reading?, Rejection?) Parse(string topic, ReadOnlyMemory<byte> payload)
    {
        var parsed = SensorTopic.Parse(topic) ?? throw new InvalidOperationException($"bad topic {topic}");
        return TelemetryParser.Parse(parsed.SensorId, payload, Now);
    }

    private static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
