using System.Text.Json;
using Warning.Rules.Levels;
using Warning.Rules.Parameters;

namespace Warning.Rules.Rainstorm;

/// <summary>
/// Parameters of <c>cma-rainstorm</c> (CMA Order 16 rainstorm signal). Defaults: blue 12 h ≥ 50 mm,
/// yellow 6 h ≥ 50 mm, orange 3 h ≥ 50 mm, red 3 h ≥ 100 mm, clearAfter PT1H, heavy-rain notice 1 h ≥ 20 mm,
/// forecastHorizon PT3H (how far ahead a forecast crossing warns).
/// A registry entry overrides any of them, e.g. <c>{"red": {"window": "PT3H", "mm": 120}, "clearAfter": "PT2H"}</c>.
/// </summary>
public sealed record RainstormParams(
    IReadOnlyList<RainstormThreshold> Thresholds,
    TimeSpan ClearAfter,
    RainstormThreshold Notice,
    TimeSpan ForecastHorizon)
{
    public const string RulesetName = "cma-rainstorm";
    public const string Metric = "rain_mm";

    public static RainstormParams Default { get; } = new(
        [
            new(WarningLevel.Blue, TimeSpan.FromHours(12), 50),
            new(WarningLevel.Yellow, TimeSpan.FromHours(6), 50),
            new(WarningLevel.Orange, TimeSpan.FromHours(3), 50),
            new(WarningLevel.Red, TimeSpan.FromHours(3), 100),
        ],
        TimeSpan.FromHours(1),
        new(WarningLevel.None, TimeSpan.FromHours(1), 20),
        Forecasts.ForecastLevelPolicy.DefaultHorizon);

    /// <summary>
    /// The longest window any threshold looks back over, and at least a day: a landslide point coupled to this gauge
    /// asks for its 24 h rain.
    /// </summary>
    public TimeSpan LongestWindow => Thresholds.Select(t => t.Window).Append(Notice.Window).Append(TimeSpan.FromDays(1)).Max();

    /// <summary>Reads overrides from a registry entry's params; every problem goes to <paramref name="errors"/>.</summary>
    public static RainstormParams Parse(JsonElement json, List<ParamError> errors)
    {
        var reader = new ParamReader(json);
        var thresholds = Default.Thresholds
            .Select(d => ReadThreshold(reader, d.Level.ToContractName(), d))
            .ToList();
        var clearAfter = reader.Duration("clearAfter", Default.ClearAfter);
        var notice = ReadThreshold(reader, "notice", Default.Notice);
        var horizon = reader.Duration("forecastHorizon", Default.ForecastHorizon);
        errors.AddRange(reader.Errors);
        return new RainstormParams(thresholds, clearAfter, notice, horizon);
    }

    private static RainstormThreshold ReadThreshold(ParamReader reader, string name, RainstormThreshold fallback)
    {
        if (!reader.Has(name)) return fallback;
        var section = reader.Object(name);
        var window = section.Duration("window", fallback.Window);
        var mm = section.Positive("mm", fallback.Millimetres);
        return fallback with { Window = window, Millimetres = mm };
    }
}
