using Warning.Grains.Recipients;
using Warning.Publication.Confirmation;

namespace Warning.Publication.Reports;

/// <summary>
/// The disaster information chain (四级灾情报送), pure: a damage or casualty report of a village goes to the desks of
/// its township (the code's first 9 digits, role <c>township-officer</c>), county (6, <c>county-desk</c>) and city (4,
/// <c>city-desk</c>) — the tiers of call-and-response (<see cref="CallDecision.Tiers"/>) and the city above them —
/// found on the roster as escalation finds them (<see cref="CallDecision.AnswersFor"/>).
/// </summary>
public static class ReportChainPlan
{
    public const string CityDesk = "city-desk";

    /// <summary>The tiers above <paramref name="area"/>, nearest first: (tier name, area code, role).</summary>
    public static IReadOnlyList<(string Tier, string Area, string Role)> Tiers(string area)
    {
        var tiers = CallDecision.Tiers(area).Select(t => (t.Role == ConfirmRoles.TownshipOfficer ? "township" : "county", t.Area, t.Role)).ToList();
        if (area.Length >= 6) tiers.Add(("city", area[..4], CityDesk));
        return tiers;
    }

    /// <summary>Who on the roster receives the report at each tier (with a phone; each person once, at their nearest tier).</summary>
    public static IReadOnlyList<(string Tier, Recipient Desk)> Desks(string area, IReadOnlyList<Recipient> roster)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var desks = new List<(string, Recipient)>();
        foreach (var (tier, tierArea, role) in Tiers(area))
        {
            foreach (var r in roster.Where(r => r.Phone is not null && CallDecision.AnswersFor(r, tierArea, role)).OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                if (seen.Add(r.Id)) desks.Add((tier, r));
            }
        }
        return desks;
    }
}
