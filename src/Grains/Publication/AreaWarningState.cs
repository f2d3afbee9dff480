namespace Warning.Grains.Publication;

/// <summary>
/// What an <see cref="AreaWarningGrain"/> works from, stored in the records database with each of its changes: the
/// sensor warnings speaking now and the current public warning (past ones are rows of their own).
/// </summary>
public sealed class AreaWarningState
{
    public Dictionary<string, PublicContributor> Contributors { get; set; } = [];

    /// <summary>The latest public warning of this area and hazard, active or over; null before the first. Stored as its own row (<see cref="CurrentId"/>), not again in this state.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public PublicWarning? Current { get; set; }

    public string? CurrentId { get; set; }

    /// <summary>The region of the area (from the sensors' registry entries) and whether these are exercise warnings.</summary>
    public string? Region { get; set; }

    public bool Exercise { get; set; }

    /// <summary>The last output a silence held ("level/kind"), so one held change is recorded once.</summary>
    public string? LastHeld { get; set; }
}
