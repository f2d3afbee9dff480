using Warning.Rules.Evaluation;
using Warning.Rules.FireCamera;
using Warning.Rules.FireDanger;
using Warning.Rules.TangentialAngle;

namespace Warning.Grains.Sensors;

/// <summary>What a rule is told from beyond its own sensor for one reading; applied to every rule instance that observes it.</summary>
public sealed record RuleContext(int? FireDanger, int? ConfirmingCameras, double? CoupledRain)
{
    public static readonly RuleContext Empty = new(null, null, null);

    public void Apply(ISensorRule rule)
    {
        if (rule is IUsesFireDanger fireDanger) fireDanger.FireDanger = FireDanger;
        if (rule is IAreaConfirmed camera && ConfirmingCameras is { } others) camera.ConfirmingCameras = others;
        if (rule is IUsesRainCoupling coupled) coupled.CoupledRain = CoupledRain;
    }
}
