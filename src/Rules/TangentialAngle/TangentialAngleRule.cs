using Warning.Rules.Evaluation;
using Warning.Rules.Levels;
using Warning.Rules.Windows;

namespace Warning.Rules.TangentialAngle;

/// <summary>
/// <c>tangential-angle</c>: v = ΔS / Δt over <c>velocityWindow</c> (from the latest sample at or before t − window),
/// α = arctan(v / v0) in degrees. Displacement changes below <c>minDisplacement</c> count as no movement. Until v0
/// is known (param, or the first <c>baseline</c> of data) nothing is evaluated. With a coupled rain gauge whose 24 h rain
/// is at least <c>rainTrigger</c>, a level from blue to orange is raised by one.
/// </summary>
public sealed class TangentialAngleRule(TangentialAngleParams parameters, TangentialAngleState state) : SensorRule<TangentialAngleParams, TangentialAngleState>(parameters, state), IUsesRainCoupling
{
    public override string Ruleset => TangentialAngleParams.RulesetName;

    public string? RainSensor => Parameters.RainSensor;

    public double? CoupledRain
    {
        get => State.CoupledRain;
        set => State.CoupledRain = value;
    }

    public override RuleStep Observe(DateTimeOffset ts, IReadOnlyDictionary<string, double> values)
    {
        if (!values.TryGetValue(TangentialAngleParams.Metric, out var displacement)) return RuleStep.Ignored;
        if (!State.Samples.Add(ts, displacement, Parameters.Horizon)) return RuleStep.Ignored;
        if (State.First is not { } first || ts < first.Ts) State.First = new TimedValue(ts, displacement);
        var newest = State.Took(ts);
        if (!KnowsV0(newest)) return RuleStep.Unchanged;

        var (level, evidence) = Evaluate(newest);
        return RuleStep.Of(LevelHysteresis.Apply(State.Level, level, evidence, newest, Parameters.ClearAfter), null);
    }

    /// <summary>The angle at <paramref name="at"/> and the level it reaches, ignoring hysteresis.</summary>
    public (WarningLevel Level, Evidence? Evidence) Evaluate(DateTimeOffset at)
    {
        if (State.Samples.AtOrBefore(at) is not { } now
            || State.Samples.AtOrBefore(at - Parameters.VelocityWindow) is not { } reference
            || State.V0 is not { } v0)
        {
            return (WarningLevel.None, null);
        }

        var moved = now.Value - reference.Value;
        if (Math.Abs(moved) < Parameters.MinDisplacement) moved = 0;
        var days = (now.Ts - reference.Ts).TotalDays;
        var angle = Math.Round(Math.Atan(moved / days / v0) * 180 / Math.PI, 2);
        State.LastAngle = angle;

        var p = Parameters;
        var (level, threshold) = angle switch
        {
            _ when angle >= p.Red => (WarningLevel.Red, p.Red),
            _ when angle >= p.Orange => (WarningLevel.Orange, p.Orange),
            _ when angle >= p.Yellow => (WarningLevel.Yellow, p.Yellow),
            _ when angle >= p.Blue => (WarningLevel.Blue, p.Blue),
            _ => (WarningLevel.None, 0.0),
        };
        if (level is > WarningLevel.None and < WarningLevel.Red && CoupledRain is { } rain && rain >= p.RainTrigger)
        {
            // RULES.md: a deforming slope under heavy rain is raised one level; the rain is the evidence for the raise.
            return (level + 1, new Evidence(TangentialAngleParams.RainMetric, TimeSpan.FromDays(1), Math.Round(rain, 3), p.RainTrigger));
        }
        return (level, level == WarningLevel.None ? null : new Evidence(TangentialAngleParams.AngleMetric, p.VelocityWindow, angle, threshold));
    }

    private bool KnowsV0(DateTimeOffset newest)
    {
        if (State.V0 is not null) return true;
        if (Parameters.V0 is { } given)
        {
            State.V0 = given;
            return true;
        }
        var first = State.First!.Value;
        if (newest - first.Ts < Parameters.Baseline) return false;
        var end = State.Samples.AtOrBefore(newest)!.Value;
        var rate = (end.Value - first.Value) / (end.Ts - first.Ts).TotalDays;
        // A baseline with no net movement gives no rate to compare with; the smallest movement the noise floor lets
        // through over the baseline stands in for it, so later movement still shows as acceleration.
        State.V0 = rate > 0 ? rate : Parameters.MinDisplacement / Parameters.Baseline.TotalDays;
        State.V0Estimated = true;
        return true;
    }
}
