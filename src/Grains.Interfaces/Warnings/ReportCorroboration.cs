namespace Warning.Grains.Warnings;

/// <summary>
/// A verified community report that speaks for a warning's point (群测群防): which report, of what kind, the level it
/// raises the warning to at least (<see cref="Floor"/>: a flood in a torrent village, 准备转移) or null for one level up
/// (a macro sign near a landslide point), until when it holds (wall clock), and who verified it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.ReportCorroboration")]
public sealed record ReportCorroboration(
    [property: Id(0)] string ReportId,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateTimeOffset Until,
    [property: Id(6)] TimeSpan HoldFor,
    [property: Id(3)] string By,
    [property: Id(4)] string? Floor = null,
    [property: Id(5)] string? Text = null);
