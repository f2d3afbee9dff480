using System.Text.Json.Serialization;
using Warning.Rules.Forecasts;

namespace Warning.Rules.Ordering;

/// <summary>
/// A reading still inside the allowed lateness: it may yet be joined by an earlier one. A forecast issue waits the
/// same way at its issue time (<see cref="Forecast"/> set, no values), after the readings of the same time. Its values
/// are held as <see cref="PendingValues"/> (saved and read back as the same JSON object of metric → value).
/// </summary>
public sealed record PendingReading([property: JsonPropertyOrder(-2)] DateTimeOffset Ts, IReadOnlyDictionary<string, double> Values, RainForecast? Forecast = null)
{
    // Written where it always was: ts, values, forecast.
    [JsonPropertyOrder(-1)]
    public IReadOnlyDictionary<string, double> Values { get; init; } = PendingValues.Of(Values);
}
