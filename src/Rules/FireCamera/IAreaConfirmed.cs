namespace Warning.Rules.FireCamera;

/// <summary>A camera rule whose smoke is confirmed by other cameras covering the same area (RULES.md, firecam orange).</summary>
public interface IAreaConfirmed
{
    /// <summary>Set by the host before each frame.</summary>
    int ConfirmingCameras { get; set; }

    /// <summary>After a frame: whether this camera's own frames confirm smoke, for the area to tell the others.</summary>
    bool SmokeConfirmed { get; }

    TimeSpan Persistence { get; }
}
