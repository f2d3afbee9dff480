namespace Warning.Api.Telemetry;

/// <summary>Readings of one sensor read back from InfluxDB.</summary>
public sealed record TelemetrySeries(string SensorId, string Kind, DateTimeOffset From, DateTimeOffset To, string? Metric, IReadOnlyList<TelemetryPoint> Points);

