namespace Warning.Storage.Influx;

/// <summary>One point: a measurement per sensor kind, tags <c>sensor</c> and <c>region</c>, one field per metric, event time in ms.</summary>
public sealed record InfluxPoint(
    string Measurement,
    string Sensor,
    string Region,
    IReadOnlyDictionary<string, double> Fields,
    long TimestampMs);
