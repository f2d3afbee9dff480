using Warning.Rules.Evaluation;

namespace Warning.Rules.FireCamera;

/// <summary>The last frames (in event-time order) and the level in force.</summary>
public sealed class FireCameraState : IRuleState
{
    public List<CameraFrame> Frames { get; set; } = [];

    public LevelState Level { get; set; } = new();

    /// <summary>The region's fire-danger level on the last frame's day, as the host gave it.</summary>
    public int? FireDanger { get; set; }

    /// <summary>Other cameras of the same area that confirmed smoke within the persistence window, as the host gave it.</summary>
    public int ConfirmingCameras { get; set; }
}
