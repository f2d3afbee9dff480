using Warning.Records.Reports;

namespace Warning.Api.Reports;

/// <summary>
/// <c>GET /api/reports/{id}/chain</c>: the desks a damage or casualty report went to (四级灾情报送), each with its state
/// (<c>waiting</c>, <c>acknowledged</c>, <c>overdue</c>), and whether any is overdue.
/// </summary>
public sealed record ReportChainView(string ReportId, string Kind, string Status, bool Overdue, IReadOnlyList<ReportChainView.Desk> Desks)
{
    public sealed record Desk(string RecipientId, string Tier, string Name, string? Phone, string State, DateTimeOffset Sent, DateTimeOffset Deadline,
        DateTimeOffset? Acknowledged, string? Channel, string? AcknowledgedBy, DateTimeOffset? Overdue);

    public static ReportChainView Of(Warning.Grains.Reports.Report report, IReadOnlyList<ChainLink> chain) =>
        new(report.Id, report.Kind, report.Status, chain.Any(l => l.State == "overdue"),
            chain.Select(l => new Desk(l.RecipientId, l.Tier, l.Name, l.Phone, l.State, l.Sent, l.Deadline, l.Acknowledged, l.Channel, l.AcknowledgedBy, l.Overdue)).ToList());
}
