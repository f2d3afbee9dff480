namespace Warning.Api.Telemetry;

/// <summary>One stored reading: event time and its metrics.</summary>
public sealed record TelemetryPoint(DateTimeOffset Ts, IReadOnlyDictionary<string, double> Values);
