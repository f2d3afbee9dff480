namespace Warning.Grains.Warnings;

/// <summary>One line of a warning's append-only history: issued, upgraded, downgraded, ended, …</summary>
[GenerateSerializer, Immutable, Alias("Warning.WarningHistoryEntry")]
public sealed record WarningHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Level,
    [property: Id(2)] string Action,
    [property: Id(3)] string By,
    [property: Id(4)] WarningEvidence? Evidence = null,
    [property: Id(5)] string? Note = null);
