namespace Warning.Publication.Reach;

/// <summary>
/// <c>GET /api/warnings/{id}/reach</c>: how far a public warning got, per area and in total, and each official's answer.
/// </summary>
public sealed record ReachReport(string WarningId, string Area, ReachFigures Total, IReadOnlyList<ReachFigures> Areas, IReadOnlyList<OfficialAnswer> Officials);

/// <summary>
/// The figures of one area (or the total, <see cref="Area"/> null): recipients its SMS targeted, sent (a gateway took
/// one), delivered (a receipt said so), failed (none of theirs got through); officials asked to confirm, confirmed,
/// silent and escalated (the tier above told); calls again and escalation notices sent; loudspeaker terminals played
/// and failed; seconds from the first message queued to 90 % of the targeted delivered (null until then), and — in the
/// total — to the last official's answer (null while any is silent).
/// </summary>
public sealed record ReachFigures(
    string? Area,
    int Targeted,
    int Sent,
    int Delivered,
    int Failed,
    int Officials,
    int Confirmed,
    int Silent,
    int Escalated,
    int CallsAgain,
    int EscalationNotices,
    int TerminalsPlayed,
    int TerminalsFailed,
    double? SecondsTo90PctDelivered,
    double? SecondsToAllConfirmed);

/// <summary>
/// One official asked to confirm: answered (<c>confirmed</c>, when, how, after how long) or <c>silent</c>, with the
/// calling stage (0 asked, 1 called again, 2 township told, 3 county desk told).
/// </summary>
public sealed record OfficialAnswer(
    string RecipientId,
    string Name,
    string Role,
    string Area,
    string State,
    int Stage,
    DateTimeOffset FirstSent,
    DateTimeOffset? Confirmed,
    string? Channel,
    string? By,
    double? LatencySeconds);
