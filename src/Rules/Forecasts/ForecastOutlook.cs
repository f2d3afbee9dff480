using Warning.Rules.Evaluation;
using Warning.Rules.Levels;
using Warning.Rules.Rainstorm;
using Warning.Rules.Windows;

namespace Warning.Rules.Forecasts;

/// <summary>
/// Where rain fallen plus rain forecast crosses a rule's thresholds. A window W ending at a forecast step's time τ
/// sums the observed rain in (τ − W, observedUntil] and the forecast steps in (max(observedUntil, τ − W), τ]; the
/// crossing of a threshold is the first step time τ, no later than <c>at + horizon</c>, where that sum reaches it
/// (between step times the sum only loses observed rain, so no crossing is missed). Pure; event time only.
/// </summary>
public static class ForecastOutlook
{
    public static ForecastCrossing? Highest(
        IReadOnlyList<RainstormThreshold> thresholds,
        IRainWindow observed,
        DateTimeOffset? observedUntil,
        IReadOnlyList<ForecastStep> steps,
        DateTimeOffset at,
        TimeSpan horizon,
        string metric)
    {
        if (steps.Count == 0 || horizon <= TimeSpan.Zero) return null;
        var limit = at + horizon;
        ForecastCrossing? best = null;
        foreach (var threshold in thresholds)
        {
            if (best is not null && threshold.Level < best.Level) continue;
            if (Crossing(threshold, observed, observedUntil, steps, limit, metric) is not { } found) continue;
            if (best is null || found.Level > best.Level || found.Crossing < best.Crossing) best = found;
        }
        return best;
    }

    private static ForecastCrossing? Crossing(
        RainstormThreshold threshold, IRainWindow observed, DateTimeOffset? observedUntil, IReadOnlyList<ForecastStep> steps, DateTimeOffset limit, string metric)
    {
        foreach (var step in steps)
        {
            if (step.Ts > limit) break;
            if (observedUntil is { } seen && step.Ts <= seen) continue;
            var start = step.Ts - threshold.Window;
            var fallen = observedUntil is { } until && until > start ? observed.Sum(until, until - start) : 0;
            var from = observedUntil is { } u && u > start ? u : start;
            var forecast = 0.0;
            foreach (var s in steps)
            {
                if (s.Ts > step.Ts) break;
                if (s.Ts > from) forecast += s.RainMm;
            }
            var total = Math.Round(fallen + forecast, 3);
            if (total >= threshold.Millimetres)
            {
                return new ForecastCrossing(threshold.Level, new Evidence(metric, threshold.Window, total, Math.Round(threshold.Millimetres, 3)), step.Ts);
            }
        }
        return null;
    }
}
