using System.Text.Json.Serialization;

namespace Warning.Grains.Publication;

/// <summary>
/// What an <see cref="AreaWarningGrain"/> works from, stored in the records database when it changes: the sensor
/// warnings speaking now and the current public warning (past ones are rows of their own). The contributors of a public
/// warning in force are rows of it, each written on its own change; only those waiting with none in force (not yet
/// public, or held by a silence) are kept in this state (<see cref="Waiting"/>).
/// </summary>
public sealed class AreaWarningState
{
    [JsonIgnore]
    public Dictionary<string, PublicContributor> Contributors { get; set; } = [];

    /// <summary>The contributors as stored in this state: none while a public warning is in force (they are its rows).</summary>
    [JsonPropertyName("contributors")]
    public Dictionary<string, PublicContributor>? Waiting { get; set; }

    /// <summary>The latest public warning of this area and hazard, active or over; null before the first. Stored as its own row (<see cref="CurrentId"/>), not again in this state.</summary>
    [JsonIgnore]
    public PublicWarning? Current { get; set; }

    public string? CurrentId { get; set; }

    /// <summary>The region of the area (from the sensors' registry entries) and whether these are exercise warnings.</summary>
    public string? Region { get; set; }

    public bool Exercise { get; set; }

    /// <summary>The last output a silence held ("level/kind"), so one held change is recorded once.</summary>
    public string? LastHeld { get; set; }
}
