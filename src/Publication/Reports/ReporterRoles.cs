using Warning.Grains.Recipients;
using Warning.Rules.Areas;

namespace Warning.Publication.Reports;

/// <summary>
/// Who may report (群测群防), defined once: recipients with the role <c>monitor</c> (village monitor, 监测员) or
/// <c>information-officer</c> (disaster information officer, 灾害信息员), for the areas they are bound to.
/// </summary>
public static class ReporterRoles
{
    public const string Monitor = "monitor";
    public const string InformationOfficer = "information-officer";

    public static bool Reports(Recipient r) => r.Roles.Contains(Monitor) || r.Roles.Contains(InformationOfficer);

    /// <summary>The reporter among <paramref name="sameNumber"/> bound to <paramref name="area"/> (any of theirs when null): the most specific binding wins.</summary>
    public static (Recipient Reporter, string Area)? Find(IReadOnlyList<Recipient> sameNumber, string? area) =>
        sameNumber.Where(Reports)
            .SelectMany(r => r.Areas.Where(a => area is null || AreaCodes.Covers(a, area)).Select(a => (Reporter: r, Area: a)))
            .OrderByDescending(x => x.Area.Length).ThenBy(x => x.Reporter.Id, StringComparer.Ordinal)
            .Select(x => ((Recipient, string)?)x).FirstOrDefault();
}
