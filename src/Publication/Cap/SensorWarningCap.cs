using Warning.Grains.Publication;
using Warning.Grains.Warnings;

namespace Warning.Publication.Cap;

/// <summary>
/// A single sensor's warning seen as a public warning of its first area, so <c>GET /api/warnings/{id}/cap</c> gives
/// a CAP message for it too: issued → Alert, a change of level → Update, ended → AllClear, retracted → Cancel.
/// </summary>
public static class SensorWarningCap
{
    public static PublicWarning AsPublic(WarningRecord warning, PublicationOptions options)
    {
        var versions = new List<PublicWarningVersion>();
        foreach (var entry in warning.History)
        {
            var (msgType, allClear) = entry.Action switch
            {
                "issued" => ("Alert", false),
                "upgraded" or "downgraded" => ("Update", false),
                "ended" => ("Update", true),
                "retracted" or "cancelled" => ("Cancel", false),
                _ => (null, false),
            };
            if (msgType is null || (msgType == "Cancel" && versions.Any(v => v.MsgType == "Cancel"))) continue;
            var number = versions.Count + 1;
            var identifier = CapIdentifier.For(warning.Region, options.UnitCode, entry.At, CapIdentifier.SerialOf(warning.Id, number));
            versions.Add(new PublicWarningVersion(number, identifier, entry.At, msgType, entry.Level, allClear, [warning.Id], null, true, entry.Evidence ?? warning.Evidence));
        }
        var contributor = new PublicContributor(warning.Id, warning.SensorId, warning.Level, warning.Status, warning.Updated, warning.Evidence, warning.Headline, warning.Lat, warning.Lon);
        var status = warning.Status == WarningStatus.PendingApproval ? WarningStatus.Active : warning.Status;
        return new PublicWarning(warning.Id, warning.Areas.FirstOrDefault() ?? warning.Region, warning.Region, Hazards.Of(warning.Kind, warning.Ruleset),
            warning.Level, status, warning.Exercise, warning.Onset, warning.Updated, warning.Ended, [contributor], versions, warning.History);
    }
}
