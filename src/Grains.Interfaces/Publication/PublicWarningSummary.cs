namespace Warning.Grains.Publication;

/// <summary>What the index keeps of a public warning to find it: the area grain holding it, and what it speaks for.</summary>
[GenerateSerializer, Immutable, Alias("Warning.PublicWarningSummary")]
public sealed record PublicWarningSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string AreaKey,
    [property: Id(2)] string Area,
    [property: Id(3)] string Hazard,
    [property: Id(4)] string Status,
    [property: Id(5)] DateTimeOffset Updated,
    [property: Id(6)] IReadOnlyList<string> Sources);
