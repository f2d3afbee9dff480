using Warning.Rules.Evaluation;

namespace Warning.Rules.FireCamera;

/// <summary>The last frames (in event-time order) and the level in force.</summary>
public sealed class FireCameraState
{
    public List<CameraFrame> Frames { get; set; } = [];

    public LevelState Level { get; set; } = new();
}
