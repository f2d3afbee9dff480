using Warning.Grains.Publication;

namespace Warning.Grains.Publication;

/// <summary>Persisted state of an <see cref="AreaWarningGrain"/>: the sensor warnings speaking now, and every public warning so far.</summary>
public sealed class AreaWarningState
{
    public Dictionary<string, PublicContributor> Contributors { get; set; } = [];

    /// <summary>Every episode, oldest first; the last one is current.</summary>
    public List<PublicWarning> Episodes { get; set; } = [];

    /// <summary>The region of the area (from the sensors' registry entries) and whether these are exercise warnings.</summary>
    public string? Region { get; set; }

    public bool Exercise { get; set; }

    /// <summary>The last output a silence held ("level/kind"), so one held change is recorded once.</summary>
    public string? LastHeld { get; set; }
}
