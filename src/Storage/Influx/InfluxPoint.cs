namespace Warning.Storage.Influx;

/// <summary>
/// One point: a measurement per sensor kind, tags <c>sensor</c> and <c>region</c>, one field per metric, event time in ms.
/// <see cref="Issued"/> is the tag <c>issued</c> of a forecast step (measurement <c>forecast</c>): its issue time.
/// </summary>
public sealed record InfluxPoint(
    string Measurement,
    string Sensor,
    string Region,
    IReadOnlyDictionary<string, double> Fields,
    long TimestampMs,
    string? Issued = null);
