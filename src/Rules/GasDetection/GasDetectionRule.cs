using Warning.Rules.Evaluation;
using Warning.Rules.HazardSource;
using Warning.Rules.Levels;
using Warning.Rules.Windows;

namespace Warning.Rules.GasDetection;

/// <summary>
/// <c>gbt50493</c> for one detector: each metric's latest value against its setpoints, the highest level wins.
/// Red needs 100 %LEL here; red by confirmation of two detectors of one source is the hazard source's decision.
/// A reading older than the newest one is stored by the host but does not move the level (values are states,
/// not amounts: an old concentration says nothing about now).
/// </summary>
public sealed class GasDetectionRule(GasDetectionParams parameters, GasDetectionState state) : SensorRule<GasDetectionParams, GasDetectionState>(parameters, state), IBelongsToSource
{
    public string? Source => Parameters.Source;

    public TimeSpan ConfirmWindow => Parameters.ConfirmWindow;

    public TimeSpan ClearAfter => Parameters.ClearAfter;

    private static readonly TimeSpan Instant = TimeSpan.Zero;

    public override string Ruleset => GasDetectionParams.RulesetName;

    public override RuleStep Observe(DateTimeOffset ts, IReadOnlyDictionary<string, double> values)
    {
        if (State.Newest is { } newest && ts < newest) return RuleStep.Ignored;
        State.Newest = ts;
        foreach (var (metric, value) in values) State.Latest[metric] = new TimedValue(ts, value);
        var (level, evidence) = Evaluate();
        return RuleStep.Of(LevelHysteresis.Apply(State.Level, level, evidence, ts, Parameters.ClearAfter), null);
    }

    public (WarningLevel Level, Evidence? Evidence) Evaluate()
    {
        var best = (Level: WarningLevel.None, Evidence: (Evidence?)null);
        void Consider(WarningLevel level, string metric, double value, double threshold)
        {
            if (level > best.Level) best = (level, new Evidence(metric, Instant, value, threshold));
        }

        var p = Parameters;
        if (Value("lel_pct") is { } lel)
        {
            if (lel >= GasDetectionParams.LelRed) Consider(WarningLevel.Red, "lel_pct", lel, GasDetectionParams.LelRed);
            else if (lel >= p.Lel2) Consider(WarningLevel.Orange, "lel_pct", lel, p.Lel2);
            else if (lel >= p.Lel1) Consider(WarningLevel.Yellow, "lel_pct", lel, p.Lel1);
        }
        if (Value("toxic_ppm") is { } toxic && p.OelPpm is { } oel)
        {
            if (toxic >= 2 * oel) Consider(WarningLevel.Orange, "toxic_ppm", toxic, 2 * oel);
            else if (toxic >= oel) Consider(WarningLevel.Yellow, "toxic_ppm", toxic, oel);
        }
        if (Value("o2_vol_pct") is { } o2)
        {
            if (o2 < p.O2Low) Consider(WarningLevel.Yellow, "o2_vol_pct", o2, p.O2Low);
            else if (o2 > p.O2High) Consider(WarningLevel.Yellow, "o2_vol_pct", o2, p.O2High);
        }
        foreach (var setpoint in p.Process)
        {
            if (Value(setpoint.Metric) is not { } value) continue;
            if (value >= setpoint.HighHigh) Consider(WarningLevel.Orange, setpoint.Metric, value, setpoint.HighHigh);
            else if (value >= setpoint.High) Consider(WarningLevel.Yellow, setpoint.Metric, value, setpoint.High);
        }
        return best;
    }

    private double? Value(string metric) => State.Latest.TryGetValue(metric, out var v) ? v.Value : null;
}
