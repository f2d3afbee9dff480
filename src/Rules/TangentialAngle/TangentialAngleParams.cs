using System.Globalization;
using System.Text.Json;
using Warning.Rules.Parameters;

namespace Warning.Rules.TangentialAngle;

/// <summary>
/// Parameters of <c>tangential-angle</c>, the improved tangential angle of Xu Qiang et al. (2008, 2009: 改进切线角,
/// 滑坡变形-时间曲线): T(t) = S(t) / v0, α = arctan(ΔT / Δt), so α = 45° at steady creep. Levels at 40° (blue,
/// 等速变形), 50° (yellow, 初加速), 80° (orange, 中加速), 85° (red, 临滑). <c>v0</c> in mm/day, or estimated from the first
/// <c>baseline</c> of data (P30D); <c>velocityWindow</c> P1D (P30D for monthly GNSS); <c>minDisplacement</c> 2 mm.
/// <c>rainSensor</c> and <c>rainTrigger</c> (50 mm in 24 h) name the coupled rain gauge.
/// </summary>
public sealed record TangentialAngleParams(
    double? V0,
    TimeSpan Baseline,
    TimeSpan VelocityWindow,
    double MinDisplacement,
    double Blue,
    double Yellow,
    double Orange,
    double Red,
    string? RainSensor,
    double RainTrigger,
    TimeSpan ClearAfter)
{
    public const string RulesetName = "tangential-angle";
    public const string Metric = "disp_mm";
    public const string AngleMetric = "tangential_angle_deg";
    public const string RainMetric = "rain_mm";

    public static TangentialAngleParams Default { get; } = new(null, TimeSpan.FromDays(30), TimeSpan.FromDays(1), 2, 40, 50, 80, 85, null, 50, TimeSpan.FromDays(1));

    public TimeSpan Horizon => (VelocityWindow > Baseline ? VelocityWindow : Baseline) * 2;

    public static TangentialAngleParams Parse(JsonElement json, List<ParamError> errors)
    {
        var reader = new ParamReader(json);
        double? v0 = reader.Has("v0") ? reader.Positive("v0", double.NaN) : null;
        var baseline = reader.Duration("baseline", Default.Baseline);
        var window = reader.Duration("velocityWindow", Default.VelocityWindow);
        var minDisplacement = reader.Number("minDisplacement", Default.MinDisplacement);
        var angles = new[] { ("blue", Default.Blue), ("yellow", Default.Yellow), ("orange", Default.Orange), ("red", Default.Red) }
            .Select(a => (a.Item1, Value: reader.Number(a.Item1, a.Item2))).ToArray();
        for (var i = 0; i < angles.Length; i++)
        {
            if (angles[i].Value >= 90) reader.Problem(angles[i].Item1, $"expected an angle below 90°, got {Format(angles[i].Value)}");
            if (i > 0 && angles[i].Value <= angles[i - 1].Value)
            {
                reader.Problem(angles[i].Item1, $"expected above {angles[i - 1].Item1} ({Format(angles[i - 1].Value)}°), got {Format(angles[i].Value)}°");
            }
        }
        var rainSensor = reader.Text("rainSensor");
        var rainTrigger = reader.Positive("rainTrigger", Default.RainTrigger);
        var clearAfter = reader.Duration("clearAfter", Default.ClearAfter);
        errors.AddRange(reader.Errors);
        return new TangentialAngleParams(v0, baseline, window, minDisplacement,
            angles[0].Value, angles[1].Value, angles[2].Value, angles[3].Value, rainSensor, rainTrigger, clearAfter);
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
