using Warning.Rules.Evaluation;

namespace Warning.Rules.HazardSource;

/// <summary>Each detector's last status and the source's own level.</summary>
public sealed class SourceConfirmationState
{
    public Dictionary<string, DetectorStatus> Detectors { get; set; } = [];

    public LevelState Level { get; set; } = new();
}
