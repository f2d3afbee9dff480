using Warning.Rules.Areas;

namespace Warning.Publication.Confirmation;

/// <summary>One official's step: from one stage to the next, and when the one after is due (null: none).</summary>
public sealed record CallStep(string RecipientId, int FromStage, int ToStage, DateTimeOffset? NextDue);

/// <summary>The tier above told who has not answered: its area code, the role that answers for it there, and the silent.</summary>
public sealed record EscalationNotice(int Tier, string TierArea, string Role, IReadOnlyList<OpenConfirmation> Silent);

/// <summary>What falls due now: the steps to record, who is called again, and which tiers are told of the silence.</summary>
public sealed record CallPlan(IReadOnlyList<CallStep> Steps, IReadOnlyList<OpenConfirmation> CallAgain, IReadOnlyList<EscalationNotice> Escalations)
{
    public bool IsEmpty => Steps.Count == 0;
}

/// <summary>
/// Call again, then escalate (有叫有应), pure. An official asked to confirm is at stage 0 (asked); silent at
/// <c>first send + Repeat</c> → stage 1, the message again; silent at <c>first send + Escalate</c> → stage 2, the first
/// tier above the area is told (a village's township, the code's first 9 digits; a township's county desk, 6); silent
/// at <c>first send + 2 × Escalate</c> → stage 3, the next tier (the county desk). One step per official per decision, so
/// a sweep after a long stop catches up one stage a second, each recorded. A tier is told of every official of the
/// warning silent past the escalation time, not only those stepping now.
/// </summary>
public static class CallDecision
{
    public const int Asked = 0;
    public const int CalledAgain = 1;

    /// <summary>The tiers above <paramref name="area"/>, nearest first: (area code, the role answering there).</summary>
    public static IReadOnlyList<(string Area, string Role)> Tiers(string area) => area.Length switch
    {
        > 9 => [(area[..9], ConfirmRoles.TownshipOfficer), (area[..6], ConfirmRoles.CountyDesk)],
        > 6 => [(area[..6], ConfirmRoles.CountyDesk)],
        6 => [(area, ConfirmRoles.CountyDesk)],
        _ => [],
    };

    public static CallPlan Decide(string area, IReadOnlyList<OpenConfirmation> open, DateTimeOffset now, TimeSpan escalate)
    {
        var tiers = Tiers(area);
        var steps = new List<CallStep>();
        var again = new List<OpenConfirmation>();
        var stageAfter = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in open)
        {
            stageAfter[c.RecipientId] = c.Stage;
            if (c.Due is not { } due || due > now) continue;
            var to = c.Stage + 1;
            // Stage s ≥ 1 waits for escalation s (tier s − 1); after the last tier nothing more is due.
            DateTimeOffset? next = to < 1 + tiers.Count ? c.FirstSent + escalate * to : null;
            steps.Add(new CallStep(c.RecipientId, c.Stage, to, next));
            stageAfter[c.RecipientId] = to;
            if (to == CalledAgain) again.Add(c);
        }
        var escalations = new List<EscalationNotice>();
        foreach (var tier in steps.Where(s => s.ToStage > CalledAgain).Select(s => s.ToStage - 2).Distinct().Order())
        {
            if (tier >= tiers.Count) continue;
            var silent = open.Where(c => stageAfter[c.RecipientId] >= tier + 2).OrderBy(c => c.RecipientId, StringComparer.Ordinal).ToList();
            escalations.Add(new EscalationNotice(tier, tiers[tier].Area, tiers[tier].Role, silent));
        }
        return new CallPlan(steps, again, escalations);
    }

    /// <summary>When an official asked at <paramref name="firstSent"/> is first due: to be called again.</summary>
    public static DateTimeOffset FirstDue(DateTimeOffset firstSent, TimeSpan repeat) => firstSent + repeat;

    /// <summary>Whether a recipient of the list answers for <paramref name="tierArea"/> in <paramref name="role"/>.</summary>
    public static bool AnswersFor(Grains.Recipients.Recipient recipient, string tierArea, string role) =>
        recipient.Roles.Contains(role) && recipient.Areas.Any(a => AreaCodes.Covers(a, tierArea));
}
