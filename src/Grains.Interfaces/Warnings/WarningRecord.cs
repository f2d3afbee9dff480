namespace Warning.Grains.Warnings;

/// <summary>
/// One warning per sensor episode, as <c>GET /api/warnings</c> shows it. <see cref="Onset"/> is the event time the
/// current level was first reached; <see cref="History"/> keeps every change; <see cref="ApprovalDue"/> is the
/// wall-clock time a pending warning is published without approval; <see cref="AwaitingUnits"/> the units whose approval a
/// pending joint warning still waits for (config/authorities.yaml), null when it waits for none in particular.
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.WarningRecord")]
public sealed record WarningRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string SensorId,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Ruleset,
    [property: Id(4)] string Level,
    [property: Id(5)] string Status,
    [property: Id(6)] bool Exercise,
    [property: Id(7)] DateTimeOffset Onset,
    [property: Id(8)] DateTimeOffset Updated,
    [property: Id(9)] DateTimeOffset? Ended,
    [property: Id(10)] IReadOnlyList<string> Areas,
    [property: Id(11)] string Region,
    [property: Id(12)] string Headline,
    [property: Id(13)] string Description,
    [property: Id(14)] WarningEvidence? Evidence,
    [property: Id(15)] IReadOnlyList<WarningHistoryEntry> History,
    [property: Id(16)] DateTimeOffset? ApprovalDue = null,
    [property: Id(17)] double? Lat = null,
    [property: Id(18)] double? Lon = null,
    [property: Id(19)] IReadOnlyList<string>? AwaitingUnits = null,
    [property: Id(20)] string Basis = WarningBases.Observed)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsActive => Status is WarningStatus.Active or WarningStatus.PendingApproval;
}
