namespace Warning.Api.Telemetry;

/// <summary>
/// Readings of one sensor read back from InfluxDB, at <see cref="Resolution"/> <c>raw</c> (each reading), <c>1h</c> or
/// <c>1d</c> (the hourly or daily rollup).
/// </summary>
public sealed record TelemetrySeries(string SensorId, string Kind, DateTimeOffset From, DateTimeOffset To, string? Metric, IReadOnlyList<TelemetryPoint> Points,
    string Resolution = TelemetryResolution.Raw);
