namespace Warning.Records.Reports;

/// <summary>
/// One desk of the disaster information chain (四级灾情报送) a damage or casualty report went to: the tier
/// (<c>township</c>, <c>county</c>, <c>city</c>), who, the reply code they acknowledge with, when it was sent and the
/// deadline of the first report (初报); once acknowledged when, how and by whom; <see cref="Overdue"/> when the
/// deadline passed unacknowledged (flagged by the sweeper).
/// </summary>
public sealed record ChainLink(
    string ReportId,
    string RecipientId,
    string Tier,
    string Name,
    string? Phone,
    string Code,
    DateTimeOffset Sent,
    DateTimeOffset Deadline,
    DateTimeOffset? Acknowledged = null,
    string? Channel = null,
    string? AcknowledgedBy = null,
    DateTimeOffset? Overdue = null)
{
    /// <summary><c>acknowledged</c>, <c>overdue</c> (flagged and still not acknowledged) or <c>waiting</c>.</summary>
    public string State => Acknowledged is not null ? "acknowledged" : Overdue is not null ? "overdue" : "waiting";
}
