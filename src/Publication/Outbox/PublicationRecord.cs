namespace Warning.Publication.Outbox;

/// <summary>
/// <c>GET /api/publications</c>: one record per (warning version, channel, recipient) with its delivery state —
/// <c>queued</c>, <c>sent</c> (the gateway took it), <c>delivered</c> (the gateway's receipt said so) or <c>failed</c>.
/// </summary>
public sealed record PublicationRecord(
    string MessageId,
    string WarningId,
    int Version,
    IReadOnlyList<string> Sources,
    string Channel,
    string Recipient,
    string Target,
    string Level,
    string State,
    int Attempts,
    DateTimeOffset Queued,
    DateTimeOffset? Sent,
    DateTimeOffset? Delivered,
    DateTimeOffset? Failed,
    string? Detail);
