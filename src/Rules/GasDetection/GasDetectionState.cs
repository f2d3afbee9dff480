using Warning.Rules.Evaluation;
using Warning.Rules.Windows;

namespace Warning.Rules.GasDetection;

/// <summary>The latest value of each metric (a reading may carry only some) and the level in force.</summary>
public sealed class GasDetectionState : IRuleState
{
    public Dictionary<string, TimedValue> Latest { get; set; } = [];

    public DateTimeOffset? Newest { get; set; }

    public LevelState Level { get; set; } = new();
}
