namespace Warning.Grains.Telemetry;

/// <summary>One validated telemetry message: event time, optional per-sensor counter, metric values.</summary>
[GenerateSerializer, Immutable, Alias("Warning.Reading")]
public sealed record Reading(
    [property: Id(0)] string SensorId,
    [property: Id(1)] DateTimeOffset Ts,
    [property: Id(2)] long? Seq,
    [property: Id(3)] IReadOnlyDictionary<string, double> Values);
