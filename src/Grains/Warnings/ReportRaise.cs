using System.Xml;
using Warning.Rules.Levels;
using Warning.Rules.Reports;

namespace Warning.Grains.Warnings;

/// <summary>
/// What verified community reports make of a sensor warning (群测群防 fused with monitoring), pure: while any holds (its
/// <c>until</c> on the wall clock is ahead), the warning is one level above the sensor's, at least yellow — a flood
/// report in a torrent village at least 准备转移 (orange) — with the newest holding report as its evidence. Null when
/// none holds or the sensor's own level is already as high.
/// </summary>
public static class ReportRaise
{
    public const string Action = "raised-by-report";

    public static (string Level, WarningEvidence Evidence)? Decide(WarningRecord engine, IReadOnlyList<ReportCorroboration> reports, DateTimeOffset now)
    {
        if (engine.Status is WarningStatus.Ended or WarningStatus.Cancelled) return null;
        var holding = reports.Where(r => r.Until > now).ToList();
        if (holding.Count == 0) return null;
        WarningLevelNames.TryParse(engine.Level, out var level);
        var best = level;
        ReportCorroboration? by = null;
        foreach (var r in holding)
        {
            var to = r.Floor is { } floor && WarningLevelNames.TryParse(floor, out var f) ? (f > level ? f : level) : ReportFusion.Raised(level);
            if (to > best || (to == best && by is not null)) (best, by) = (to, r);   // the newest of the highest
        }
        return by is null || best <= level ? null : (best.ToContractName(), Evidence(by));
    }

    /// <summary><c>{"metric": "report", "window": holdFor, "value": kind, "reportId": …}</c>.</summary>
    public static WarningEvidence Evidence(ReportCorroboration r) =>
        new(WarningEvidence.ReportMetric, XmlConvert.ToString(r.HoldFor), 0, 0, r.Kind, r.ReportId);
}
