using Warning.Grains.Recipients;
using Warning.Publication.Channels;
using Warning.Publication.Outbox;
using Warning.Rules.Areas;

namespace Warning.Publication.Reach;

/// <summary>
/// Reach, pure: from a public warning's outbox rows, its confirmation rows and its terminals' receipts. A recipient
/// counts once however many messages they had (versions, calls again); targeted means a version's own round of SMS
/// reached them (not a call again nor an escalation notice); delivered means any of their SMS was. A recipient is
/// counted in the area of their list entry nearest the warning's area (the village officer in the village, the
/// township officer in the township, the county desk in the county).
/// </summary>
public static class ReachCalculation
{
    public const double DeliveredShare = 0.9;

    public static ReachReport Compute(string warningId, string area, IReadOnlyList<DeliveryRow> rows, IReadOnlyList<OfficialAnswer> officials,
        IReadOnlyList<TerminalRow> terminals, IReadOnlyDictionary<string, Recipient> recipients)
    {
        string Of(string recipientId) => AreaOf(recipients.GetValueOrDefault(recipientId), area);
        var sms = rows.Where(r => r.Channel == ChannelNames.Sms).ToList();
        var broadcasts = rows.Where(r => r.Channel == ChannelNames.Broadcast).ToDictionary(r => r.MessageId, StringComparer.Ordinal);
        var start = rows.Where(r => r.Purpose is null).Select(r => (DateTimeOffset?)r.Queued).Min();
        var byRecipient = sms.GroupBy(r => r.Recipient, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var people = byRecipient.Keys.Concat(officials.Select(o => o.RecipientId)).Distinct(StringComparer.Ordinal)
            .GroupBy(Of, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var terminalAreas = terminals.Select(t => (t, Area: broadcasts.TryGetValue(t.MessageId, out var b) ? b.Areas.FirstOrDefault() ?? area : area)).ToList();
        var areas = people.Keys.Concat(terminalAreas.Select(t => t.Area)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var figures = areas.Select(a => Figures(a, people.GetValueOrDefault(a) ?? [], byRecipient,
            officials.Where(o => o.Area == a).ToList(), terminalAreas.Where(t => t.Area == a).Select(t => t.t).ToList(), start)).ToList();
        var total = Figures(null, byRecipient.Keys.Concat(officials.Select(o => o.RecipientId)).Distinct(StringComparer.Ordinal).ToList(), byRecipient,
            officials, terminals, start);
        return new ReachReport(warningId, area, total, figures, officials);
    }

    /// <summary>The area a recipient is counted in for a warning of <paramref name="area"/>: their list's code nearest it.</summary>
    public static string AreaOf(Recipient? recipient, string area) =>
        recipient?.Areas.Where(a => AreaCodes.Related(a, area)).OrderByDescending(a => a.Length).FirstOrDefault() ?? area;

    private static ReachFigures Figures(string? area, IReadOnlyList<string> people, Dictionary<string, List<DeliveryRow>> byRecipient,
        IReadOnlyList<OfficialAnswer> officials, IReadOnlyList<TerminalRow> terminals, DateTimeOffset? start)
    {
        var messages = people.Where(byRecipient.ContainsKey).Select(p => byRecipient[p]).ToList();
        var targeted = messages.Where(m => m.Any(x => x.Purpose is null)).ToList();
        var sent = targeted.Count(m => m.Any(x => x.Purpose is null && x.State is PublicationStates.Sent or PublicationStates.Delivered));
        var deliveredAt = targeted.Select(m => m.Where(x => x.Delivered is not null).Select(x => x.Delivered).Min()).Where(d => d is not null).Select(d => d!.Value).Order().ToList();
        var failed = targeted.Count(m => m.All(x => x.State == PublicationStates.Failed));
        var needed = (int)Math.Ceiling(DeliveredShare * targeted.Count);
        double? to90 = start is { } s && targeted.Count > 0 && deliveredAt.Count >= needed ? Math.Round(Math.Max(0, (deliveredAt[needed - 1] - s).TotalSeconds), 3) : null;
        var confirmed = officials.Where(o => o.Confirmed is not null).ToList();
        double? toAll = start is { } s2 && officials.Count > 0 && confirmed.Count == officials.Count
            ? Math.Round(Math.Max(0, (confirmed.Max(o => o.Confirmed!.Value) - s2).TotalSeconds), 3) : null;
        return new ReachFigures(area, targeted.Count, sent, deliveredAt.Count, failed, officials.Count, confirmed.Count, officials.Count - confirmed.Count,
            officials.Count(o => o.Stage >= 2), messages.Sum(m => m.Count(x => x.Purpose == MessagePurposes.Repeat)),
            messages.Sum(m => m.Count(x => x.Purpose == MessagePurposes.Escalation)),
            terminals.Count(t => t.State == "played"), terminals.Count(t => t.State == "failed"), to90, toAll);
    }
}
