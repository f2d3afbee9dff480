using System.Text.Json;
using Warning.Rules.Parameters;

namespace Warning.Rules.FireCamera;

/// <summary>
/// Parameters of <c>firecam</c> (video fire detection with persistence, RULES.md): blue when one frame has
/// <c>smoke_conf</c> ≥ <c>smokeNotice</c> (0.5); yellow when ≥ <c>smokeConfirm</c> (0.6) in at least <c>hits</c> (2)
/// of the last <c>frames</c> (3) within <c>persistence</c> (PT10M); orange the same for <c>fire_conf</c> ≥
/// <c>fireConfirm</c> (0.6). Confirmation by a second camera and the region's fire danger belong to the area.
/// </summary>
public sealed record FireCameraParams(
    double SmokeNotice,
    double SmokeConfirm,
    double FireConfirm,
    int Frames,
    int Hits,
    TimeSpan Persistence,
    TimeSpan ClearAfter)
{
    public const string RulesetName = "firecam";

    public static FireCameraParams Default { get; } = new(0.5, 0.6, 0.6, 3, 2, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30));

    public static FireCameraParams Parse(JsonElement json, List<ParamError> errors)
    {
        var reader = new ParamReader(json);
        double Confidence(string name, double fallback)
        {
            var value = reader.Number(name, fallback);
            if (value > 1) reader.Problem(name, $"expected a confidence from 0 to 1, got {value}");
            return value;
        }
        var smokeNotice = Confidence("smokeNotice", Default.SmokeNotice);
        var smokeConfirm = Confidence("smokeConfirm", Default.SmokeConfirm);
        var fireConfirm = Confidence("fireConfirm", Default.FireConfirm);
        var frames = (int)reader.Number("frames", Default.Frames, 1);
        var hits = (int)reader.Number("hits", Default.Hits, 1);
        if (hits > frames) reader.Problem("hits", $"expected at most frames ({frames}), got {hits}");
        var persistence = reader.Duration("persistence", Default.Persistence);
        var clearAfter = reader.Duration("clearAfter", Default.ClearAfter);
        errors.AddRange(reader.Errors);
        return new FireCameraParams(smokeNotice, smokeConfirm, fireConfirm, frames, hits, persistence, clearAfter);
    }
}
