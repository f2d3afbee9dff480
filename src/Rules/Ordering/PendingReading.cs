using Warning.Rules.Forecasts;

namespace Warning.Rules.Ordering;

/// <summary>
/// A reading still inside the allowed lateness: it may yet be joined by an earlier one. A forecast issue waits the
/// same way at its issue time (<see cref="Forecast"/> set, no values), after the readings of the same time.
/// </summary>
public sealed record PendingReading(DateTimeOffset Ts, Dictionary<string, double> Values, RainForecast? Forecast = null);
