using Warning.Rules.Areas;
using Warning.Rules.Levels;

namespace Warning.Rules.Reports;

/// <summary>
/// How a verified community report joins the sensors' warnings (群测群防 fused with monitoring), pure: which points it
/// speaks for (a macro sign within <c>radius</c> of a landslide point, a flood in a village with a torrent survey, rain at
/// the nearest gauge), and to what level it raises their warning (one level up, at least yellow; a flood at least
/// 准备转移, orange) while it holds.
/// </summary>
public static class ReportFusion
{
    public const double DefaultRadiusMetres = 500;

    public static readonly TimeSpan DefaultHoldFor = TimeSpan.FromHours(24);

    /// <summary>A point (sensor) a report may speak for: its id, position and areas.</summary>
    public sealed record Point(string Id, double? Lat, double? Lon, IReadOnlyList<string> Areas);

    /// <summary>Great-circle distance in metres (haversine, mean Earth radius).</summary>
    public static double Metres(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6_371_008.8;
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>
    /// The landslide points a macro-sign report speaks for: those within <paramref name="radiusMetres"/> of its position;
    /// a report without a position (an SMS that gave none) speaks for the points of its village.
    /// </summary>
    public static IReadOnlyList<Point> Near(double? lat, double? lon, string area, IEnumerable<Point> points, double radiusMetres) =>
        lat is { } la && lon is { } lo
            ? points.Where(p => p.Lat is { } pla && p.Lon is { } plo && Metres(la, lo, pla, plo) <= radiusMetres).OrderBy(p => p.Id, StringComparer.Ordinal).ToList()
            : InVillage(area, points);

    /// <summary>The points bound to <paramref name="area"/> when it is a village (12 digits); none for a wider or unknown area.</summary>
    public static IReadOnlyList<Point> InVillage(string area, IEnumerable<Point> points) =>
        area.Length == 12 ? points.Where(p => p.Areas.Any(a => AreaCodes.Covers(area, a) || a == area)).OrderBy(p => p.Id, StringComparer.Ordinal).ToList() : [];

    /// <summary>The gauge nearest the report (by position; without one, the first gauge of its village), or null.</summary>
    public static Point? Nearest(double? lat, double? lon, string area, IEnumerable<Point> gauges)
    {
        if (lat is { } la && lon is { } lo)
            return gauges.Where(g => g.Lat is not null && g.Lon is not null).OrderBy(g => Metres(la, lo, g.Lat!.Value, g.Lon!.Value)).ThenBy(g => g.Id, StringComparer.Ordinal).FirstOrDefault();
        return InVillage(area, gauges).FirstOrDefault();
    }

    /// <summary>A macro sign raises a warning one level, at least to yellow (red stays red).</summary>
    public static WarningLevel Raised(WarningLevel level) => (WarningLevel)Math.Min((int)WarningLevel.Red, Math.Max((int)level + 1, (int)WarningLevel.Yellow));

    /// <summary>A flood in a torrent village raises its warning to at least 准备转移 (orange).</summary>
    public static WarningLevel Flooded(WarningLevel level) => level < WarningLevel.Orange ? WarningLevel.Orange : level;

    /// <summary>
    /// CAP certainty of a warning's level, by its evidence: a level resting on a forecast is <c>Likely</c>; a sensor and
    /// a verified report that agree, <c>Observed</c>; one kind of evidence alone is <c>Likely</c> where the sensor
    /// measures a precursor (a landslide point's displacement or tilt: the slide itself is not seen) and
    /// <c>Observed</c> where it measures the hazard itself (the rain fell, the gas is there, the camera sees the fire).
    /// </summary>
    public static string Certainty(bool forecast, bool precursor, bool report) =>
        forecast ? "Likely" : report ? "Observed" : precursor ? "Likely" : "Observed";
}
