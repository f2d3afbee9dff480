using Warning.Rules.Evaluation;
using Warning.Rules.FireDanger;
using Warning.Rules.Levels;

namespace Warning.Rules.FireCamera;

/// <summary>
/// <c>firecam</c> for one camera: persistence over its last frames, on event time; an orange detection while the
/// region's fire danger is IV or V that day is red.
/// </summary>
public sealed class FireCameraRule(FireCameraParams parameters, FireCameraState state) : SensorRule<FireCameraParams, FireCameraState>(parameters, state), IUsesFireDanger, IAreaConfirmed
{
    private const int HighDanger = 4;

    public override string Ruleset => FireCameraParams.RulesetName;

    /// <summary>Set by the host before each frame: other cameras covering the same area that confirmed smoke lately.</summary>
    public int ConfirmingCameras
    {
        get => State.ConfirmingCameras;
        set => State.ConfirmingCameras = value;
    }

    /// <summary>Whether this camera's own frames confirm smoke (≥ smokeConfirm in hits of the last frames).</summary>
    public bool SmokeConfirmed { get; private set; }

    public TimeSpan Persistence => Parameters.Persistence;

    public int? FireDanger
    {
        get => State.FireDanger;
        set => State.FireDanger = value;
    }

    public override RuleStep Observe(DateTimeOffset ts, IReadOnlyDictionary<string, double> values)
    {
        var hasSmoke = values.TryGetValue("smoke_conf", out var smoke);
        var hasFire = values.TryGetValue("fire_conf", out var fire);
        if (!hasSmoke && !hasFire) return RuleStep.Ignored;
        var frames = State.Frames;
        if (frames.Count > 0 && ts <= frames[^1].Ts) return RuleStep.Ignored;
        frames.Add(new CameraFrame(ts, smoke, fire));
        if (frames.Count > Parameters.Frames) frames.RemoveRange(0, frames.Count - Parameters.Frames);

        var (level, evidence) = Evaluate(ts);
        return RuleStep.Of(LevelHysteresis.Apply(State.Level, level, evidence, ts, Parameters.ClearAfter), null);
    }

    public (WarningLevel Level, Evidence? Evidence) Evaluate(DateTimeOffset at)
    {
        var (level, evidence) = Detect(at);
        if (level == WarningLevel.Orange && FireDanger is { } danger && FireDangerLevel.IsHighOrExtreme(danger))
        {
            return (WarningLevel.Red, new Evidence("fire_danger_level", TimeSpan.FromDays(1), danger, HighDanger));
        }
        return (level, evidence);
    }

    private (WarningLevel Level, Evidence? Evidence) Detect(DateTimeOffset at)
    {
        var p = Parameters;
        var recent = State.Frames.Where(f => at - f.Ts <= p.Persistence).ToList();
        var fireHits = recent.Where(f => f.Fire >= p.FireConfirm).ToList();
        var smokeHits = recent.Where(f => f.Smoke >= p.SmokeConfirm).ToList();
        SmokeConfirmed = smokeHits.Count >= p.Hits;
        if (fireHits.Count >= p.Hits) return (WarningLevel.Orange, new Evidence("fire_conf", p.Persistence, fireHits.Max(f => f.Fire), p.FireConfirm));
        if (SmokeConfirmed && ConfirmingCameras > 0) return (WarningLevel.Orange, new Evidence("confirming_cameras", p.Persistence, ConfirmingCameras + 1, 2));
        if (SmokeConfirmed) return (WarningLevel.Yellow, new Evidence("smoke_conf", p.Persistence, smokeHits.Max(f => f.Smoke), p.SmokeConfirm));
        var last = State.Frames[^1];
        return last.Smoke >= p.SmokeNotice
            ? (WarningLevel.Blue, new Evidence("smoke_conf", TimeSpan.Zero, last.Smoke, p.SmokeNotice))
            : (WarningLevel.None, null);
    }
}
