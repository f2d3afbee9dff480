namespace Warning.Grains.Warnings;

/// <summary>
/// One line of a warning's append-only history: issued, upgraded, downgraded, ended, … An approval names the officer
/// (<see cref="By"/>), the unit whose key approved (<see cref="Unit"/>, null for a key without one) and the
/// consultation notes (会商, <see cref="Note"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.WarningHistoryEntry")]
public sealed record WarningHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Level,
    [property: Id(2)] string Action,
    [property: Id(3)] string By,
    [property: Id(4)] WarningEvidence? Evidence = null,
    [property: Id(5)] string? Note = null,
    [property: Id(6)] string? Unit = null);
