namespace Warning.Api.Telemetry;

/// <summary>
/// One stored reading: event time and its metrics. At <c>1h</c> or <c>1d</c> one interval of the rollup instead:
/// <see cref="Ts"/> its start, <see cref="Values"/> each metric's sum over the interval, <see cref="Max"/> each metric's
/// largest reading in it (null for raw readings).
/// </summary>
public sealed record TelemetryPoint(DateTimeOffset Ts, IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, double>? Max = null);
