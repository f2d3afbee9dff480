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
    string? Issued = null)
{
    /// <summary>The measurement of forecast steps (tags sensor, region, issued; field rain_mm): not readings, never rolled up.</summary>
    public const string ForecastMeasurement = "forecast";
}
