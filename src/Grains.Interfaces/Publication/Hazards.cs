namespace Warning.Grains.Publication;

/// <summary>
/// The hazard a warning speaks for — the grouping key of public warnings beside the area: rain gauges under the
/// CMA rule warn of rainstorms, under a village survey of mountain torrents, and so on.
/// </summary>
public static class Hazards
{
    public const string Rainstorm = "rainstorm";
    public const string Torrent = "torrent";
    public const string Geohazard = "geohazard";
    public const string Chemical = "chemical";
    public const string ForestFire = "forest-fire";

    public static readonly IReadOnlyList<string> All = [Rainstorm, Torrent, Geohazard, Chemical, ForestFire];

    public static string Of(string kind, string ruleset) => (kind, ruleset) switch
    {
        (_, "torrent") => Torrent,
        ("rain", _) => Rainstorm,
        ("landslide", _) => Geohazard,
        ("chemical", _) => Chemical,
        ("firecam", _) => ForestFire,
        _ => kind,
    };
}
