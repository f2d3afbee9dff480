using Warning.Grains.Publication;
using Warning.Grains.Warnings;
using Warning.Publication;
using Warning.Publication.Cap;

namespace Warning.Publication.Tests;

/// <summary>Public warnings as the area grain builds them, for the pure publication code.</summary>
internal static class Samples
{
    public static readonly PublicationOptions Options = new();

    public static readonly DateTimeOffset Onset = new(2024, 7, 16, 3, 0, 0, TimeSpan.Zero);

    public static WarningEvidence EvidenceOf(string hazard) => hazard switch
    {
        Hazards.Rainstorm => new("rain_mm", "PT3H", 104.2, 100),
        Hazards.Torrent => new("rain_mm", "PT1H", 62, 60),
        Hazards.Geohazard => new("tangential_angle_deg", "P1D", 86.1, 85),
        Hazards.Chemical => new("lel_pct", "PT0S", 55, 50),
        _ => new("fire_conf", "PT0S", 0.93, 0.8),
    };

    /// <summary>A warning through the given steps: (msgType, level, allClear), one version each, an hour apart.</summary>
    public static PublicWarning Warning(string hazard, bool exercise, params (string MsgType, string Level, bool AllClear)[] steps)
    {
        var id = $"620522100201-{hazard}-20240716T030000Z";
        var contributors = new List<PublicContributor>
        {
            new($"G1-20240716T030000Z", "G1", steps[^1].Level, WarningStatus.Active, Onset, EvidenceOf(hazard), "h", 34.86, 105.67),
            new($"G2-20240716T030000Z", "G2", "yellow", WarningStatus.Active, Onset, EvidenceOf(hazard), "h"),
        };
        var versions = steps.Select((s, i) =>
        {
            var at = Onset.AddHours(i);
            return new PublicWarningVersion(i + 1, CapIdentifier.For("620522", Options.UnitCode, at, CapIdentifier.SerialOf(id, i + 1)), at,
                s.MsgType, s.Level, s.AllClear, contributors.Select(c => c.WarningId).ToList(), null, true, EvidenceOf(hazard));
        }).ToList();
        var last = steps[^1];
        var status = last.MsgType == "Cancel" ? WarningStatus.Cancelled : last.AllClear ? WarningStatus.Ended : WarningStatus.Active;
        return new PublicWarning(id, "620522100201", "620522", hazard, last.Level, status, exercise, Onset, versions[^1].Sent,
            last.AllClear ? versions[^1].Sent : null, contributors, versions, []);
    }
}
