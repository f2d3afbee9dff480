using Warning.Grains.Publication;
using Warning.Grains.Warnings;
using Warning.Publication.Authorities;

namespace Warning.Publication.Cap;

/// <summary>
/// A single sensor's warning seen as a public warning of its first area, so <c>GET /api/warnings/{id}/cap</c> gives
/// a CAP message for it too: issued → Alert, a change of level → Update, ended → AllClear, retracted → Cancel; each
/// level is issued by the units that approved it (<see cref="Issuers"/>), the all-clear and cancellation by those before.
/// </summary>
public static class SensorWarningCap
{
    /// <param name="policy">Names the units that approved each level (CAP sender and senderName); none: the centre speaks.</param>
    public static PublicWarning AsPublic(WarningRecord warning, PublicationOptions options, AuthorityPolicy? policy = null)
    {
        var versions = new List<PublicWarningVersion>();
        // History times are event times for the engine's entries and wall-clock times for operators': an earlier
        // version's issuers are told by level — approvals of levels the warning had reached by then.
        string? highest = null;
        foreach (var entry in warning.History)
        {
            var (msgType, allClear) = entry.Action switch
            {
                "issued" => ("Alert", false),
                "upgraded" or "downgraded" or "confirmed" => ("Update", false),
                "ended" => ("Update", true),
                "retracted" or "cancelled" => ("Cancel", false),
                _ => (null, false),
            };
            if (msgType is null || (msgType == "Cancel" && versions.Any(v => v.MsgType == "Cancel"))) continue;
            var number = versions.Count + 1;
            var identifier = CapIdentifier.For(warning.Region, options.UnitCode, entry.At, CapIdentifier.SerialOf(warning.Id, number));
            if (Issuers.Rank(entry.Level) > Issuers.Rank(highest)) highest = entry.Level;
            var issuers = msgType == "Alert" || (msgType == "Update" && !allClear)
                ? Issuers.Named(policy ?? AuthorityPolicy.None, Issuers.Approving(warning.History, entry.Level, highest), warning.Region)
                : versions.LastOrDefault()?.Issuers;
            // A level the engine raised on a forecast says so in its history note (WarningComposer.BasisNote).
            var forecast = entry.Note?.StartsWith("forecast: ", StringComparison.Ordinal) == true;
            versions.Add(new PublicWarningVersion(number, identifier, entry.At, msgType, entry.Level, allClear, [warning.Id], null, true, entry.Evidence ?? warning.Evidence, issuers,
                forecast ? WarningBases.Forecast : WarningBases.Observed, forecast ? warning.Onset : null));
        }
        var contributor = new PublicContributor(warning.Id, warning.SensorId, warning.Level, warning.Status, warning.Updated, warning.Evidence, warning.Headline, warning.Lat, warning.Lon);
        var status = warning.Status == WarningStatus.PendingApproval ? WarningStatus.Active : warning.Status;
        return new PublicWarning(warning.Id, warning.Areas.FirstOrDefault() ?? warning.Region, warning.Region, Hazards.Of(warning.Kind, warning.Ruleset),
            warning.Level, status, warning.Exercise, warning.Onset, warning.Updated, warning.Ended, [contributor], versions, warning.History);
    }
}
