namespace Warning.Rules.Forecasts;

/// <summary>
/// One issue of a rainfall forecast for a gauge: amounts per interval ending at each step's time, hourly or finer.
/// An issue with no steps withdraws every step of older issues after its <see cref="Issued"/> time.
/// </summary>
public sealed record RainForecast(DateTimeOffset Issued, string Source, IReadOnlyList<ForecastStep> Steps)
{
    public static RainForecast Of(DateTimeOffset issued, string source, IEnumerable<(DateTimeOffset Ts, double RainMm)> steps) =>
        new(issued, source, steps.Select(s => new ForecastStep(s.Ts, s.RainMm, issued)).OrderBy(s => s.Ts).ToList());
}
