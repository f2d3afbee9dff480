using System.Text.Json.Serialization;
using Warning.Rules.Evaluation;
using Warning.Rules.Windows;

namespace Warning.Rules.TangentialAngle;

/// <summary>Displacement samples, the first sample (for the v0 baseline), the v0 in use and the level in force.</summary>
public sealed class TangentialAngleState : IRuleState, IWindowedState, IJsonOnDeserialized
{
    public PackedWindow Samples { get; set; } = new();

    public DateTimeOffset? Newest { get; set; }

    public TimedValue? First { get; set; }

    /// <summary>The steady rate in mm/day: the param, or estimated once the baseline is covered.</summary>
    public double? V0 { get; set; }

    public bool V0Estimated { get; set; }

    public double? LastAngle { get; set; }

    public LevelState Level { get; set; } = new();

    /// <summary>The coupled gauge's 24 h rain at the last reading, as the host gave it.</summary>
    public double? CoupledRain { get; set; }

    // A state saved before Newest was: its window held only its own samples.
    void IJsonOnDeserialized.OnDeserialized() => Newest ??= Samples.Count > 0 ? Samples.Newest : null;
}
