namespace Warning.Grains.Regions;

/// <summary>A region's forest-fire danger level (I–V as 1–5) for one day, and the FWI it came from when given.</summary>
[GenerateSerializer, Immutable, Alias("Warning.FireDangerEntry")]
public sealed record FireDangerEntry(
    [property: Id(0)] string Region,
    [property: Id(1)] string Date,
    [property: Id(2)] int Level,
    [property: Id(3)] double? Fwi);
