namespace Warning.Grains.Regions;

/// <summary>One per region code (GB/T 2260): inputs about the region from other systems, such as daily fire danger.</summary>
public interface IRegionGrain : IGrainWithStringKey
{
    Task SetFireDanger(FireDangerEntry entry);

    /// <summary>The level for <paramref name="date"/> (yyyy-MM-dd), or null when none was given.</summary>
    Task<FireDangerEntry?> GetFireDanger(string date);
}
