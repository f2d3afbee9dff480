using Warning.Rules.Evaluation;
using Warning.Rules.Windows;

namespace Warning.Rules.TangentialAngle;

/// <summary>Displacement samples, the first sample (for the v0 baseline), the v0 in use and the level in force.</summary>
public sealed class TangentialAngleState : IRuleState
{
    public List<TimedValue> Samples { get; set; } = [];

    public TimedValue? First { get; set; }

    /// <summary>The steady rate in mm/day: the param, or estimated once the baseline is covered.</summary>
    public double? V0 { get; set; }

    public bool V0Estimated { get; set; }

    public double? LastAngle { get; set; }

    public LevelState Level { get; set; } = new();

    /// <summary>The coupled gauge's 24 h rain at the last reading, as the host gave it.</summary>
    public double? CoupledRain { get; set; }
}
