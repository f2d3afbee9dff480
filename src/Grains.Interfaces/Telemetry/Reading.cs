namespace Warning.Grains.Telemetry;

/// <summary>
/// One validated telemetry message: event time, optional per-sensor counter, metric values; <see cref="Source"/> null
/// for the sensor's own, <c>report</c> for a verified community report's (a monitor's simple rain gauge).
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.Reading")]
public sealed record Reading(
    [property: Id(0)] string SensorId,
    [property: Id(1)] DateTimeOffset Ts,
    [property: Id(2)] long? Seq,
    [property: Id(3)] IReadOnlyDictionary<string, double> Values,
    [property: Id(4)] string? Source = null);
