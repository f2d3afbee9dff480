using Warning.Grains.Warnings;

namespace Warning.Grains.Publication;

/// <summary>
/// The warning the public receives: one per (area, hazard) episode, at the highest released level of the sensor
/// warnings speaking for the area (<see cref="Contributors"/>), with every published version and an audit history.
/// <see cref="Status"/> is <c>active</c>, <c>ended</c> (all-clear) or <c>cancelled</c> (retracted).
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.PublicWarning")]
public sealed record PublicWarning(
    [property: Id(0)] string Id,
    [property: Id(1)] string Area,
    [property: Id(2)] string Region,
    [property: Id(3)] string Hazard,
    [property: Id(4)] string Level,
    [property: Id(5)] string Status,
    [property: Id(6)] bool Exercise,
    [property: Id(7)] DateTimeOffset Onset,
    [property: Id(8)] DateTimeOffset Updated,
    [property: Id(9)] DateTimeOffset? Ended,
    [property: Id(10)] IReadOnlyList<PublicContributor> Contributors,
    [property: Id(11)] IReadOnlyList<PublicWarningVersion> Versions,
    [property: Id(12)] IReadOnlyList<WarningHistoryEntry> History)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsActive => Status == WarningStatus.Active;
}
