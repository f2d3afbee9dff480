namespace Warning.Grains.Regions;

/// <summary>Fire danger by day (yyyy-MM-dd); the last <see cref="KeptDays"/> days are kept.</summary>
public sealed class RegionState
{
    public const int KeptDays = 400;

    public SortedDictionary<string, FireDangerEntry> FireDanger { get; set; } = new(StringComparer.Ordinal);
}
