using Warning.Rules.Evaluation;
using Warning.Rules.Levels;
using Warning.Rules.Rainstorm;
using Warning.Rules.Windows;

namespace Warning.Rules.Forecasts;

/// <summary>
/// The level of a rain rule that warns on forecasts too (pure, event time only). The level is the higher of the
/// observed level and the forecast crossing's level within the horizon; a forecast level above the observed one is
/// basis <c>forecast</c>. Levels move with <see cref="LevelHysteresis"/> like any other, and besides:
/// <list type="bullet">
/// <item>when observation alone reaches the level a forecast announced, the same warning turns basis <c>observed</c>
/// (<see cref="LevelChangeKind.Confirmed"/>) — never a second warning;</item>
/// <item>a new forecast issue that lowers or withdraws what a forecast-basis level rested on moves it down, or ends it
/// with an all-clear, at once, saying so (<see cref="Lowered"/>, <see cref="Withdrawn"/>).</item>
/// </list>
/// Without forecast steps it is exactly <see cref="LevelHysteresis"/> on the observed level.
/// </summary>
public static class ForecastLevelPolicy
{
    public const string Lowered = "forecast-lowered";
    public const string Withdrawn = "forecast-withdrawn";

    /// <summary>Default <c>forecastHorizon</c>.</summary>
    public static readonly TimeSpan DefaultHorizon = TimeSpan.FromHours(3);

    /// <summary>
    /// Decides at event time <paramref name="at"/>: the observed level at the newest reading
    /// (<paramref name="observedUntil"/>) and the forecast outlook from there.
    /// </summary>
    /// <param name="forecastIssue">True when a forecast issue (not a reading) brought this evaluation.</param>
    public static LevelChange? Decide(
        LevelState state,
        (WarningLevel Level, Evidence? Evidence) observed,
        IReadOnlyList<RainstormThreshold> thresholds,
        IRainWindow window,
        DateTimeOffset? observedUntil,
        ForecastSeries forecast,
        DateTimeOffset at,
        TimeSpan horizon,
        TimeSpan clearAfter,
        string metric,
        bool forecastIssue)
    {
        var outlook = ForecastOutlook.Highest(thresholds, window, observedUntil, forecast.Steps, at, horizon, metric);
        return Apply(state, observed, outlook, at, clearAfter, forecastIssue, forecast.RainAfter(observedUntil ?? at));
    }

    public static LevelChange? Apply(
        LevelState state,
        (WarningLevel Level, Evidence? Evidence) observed,
        ForecastCrossing? outlook,
        DateTimeOffset at,
        TimeSpan clearAfter,
        bool forecastIssue,
        bool rainStillForecast)
    {
        var byForecast = outlook is not null && outlook.Level > observed.Level;
        var level = byForecast ? outlook!.Level : observed.Level;
        var evidence = byForecast ? outlook!.Evidence : observed.Evidence;
        var basis = byForecast ? WarningBasis.Forecast : WarningBasis.Observed;
        var crossing = byForecast ? outlook!.Crossing : (DateTimeOffset?)null;

        if (forecastIssue && state.Basis == WarningBasis.Forecast && state.Level > WarningLevel.None && level < state.Level)
        {
            var kind = level == WarningLevel.None ? LevelChangeKind.Ended : LevelChangeKind.Downgraded;
            var moved = LevelHysteresis.MoveTo(state, kind, level, evidence, at);
            Note(state, basis, crossing);
            return moved with { Basis = state.Basis, ExpectedOnset = state.ExpectedOnset, Reason = rainStillForecast ? Lowered : Withdrawn };
        }

        var change = LevelHysteresis.Apply(state, level, evidence, at, clearAfter);
        if (change is not null)
        {
            // A step down by hysteresis lands on the highest level seen meanwhile: forecast basis only if observation is below it.
            var landed = change.To == level ? basis
                : outlook is not null && outlook.Level >= change.To && observed.Level < change.To ? WarningBasis.Forecast : WarningBasis.Observed;
            Note(state, change.To == WarningLevel.None ? WarningBasis.Observed : landed, landed == WarningBasis.Forecast && change.To == level ? crossing : null);
            if (landed == WarningBasis.Forecast && state.ExpectedOnset is null) state.ExpectedOnset = change.At;
            return change with { Basis = state.Basis, ExpectedOnset = state.ExpectedOnset };
        }

        if (state.Level > WarningLevel.None && state.Level == level && state.Basis == WarningBasis.Forecast && basis == WarningBasis.Observed)
        {
            state.Onset = at;
            state.Evidence = evidence;
            Note(state, WarningBasis.Observed, null);
            return new LevelChange(LevelChangeKind.Confirmed, level, level, at, evidence);
        }
        return null;
    }

    private static void Note(LevelState state, WarningBasis basis, DateTimeOffset? crossing)
    {
        state.Basis = basis;
        state.ExpectedOnset = basis == WarningBasis.Forecast ? crossing : null;
    }
}
