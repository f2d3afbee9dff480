namespace Warning.Publication.Outbox;

/// <summary>One line of the outbox journal: <c>q</c> queued, <c>s</c> sending, <c>ok</c> sent, <c>f</c> failed, <c>d</c> deferred to a later round, <c>r</c> receipt.</summary>
internal sealed record JournalEvent(
    string T,
    DateTimeOffset At,
    OutboxMessage? M = null,
    string? Id = null,
    int? A = null,
    string? S = null,
    string? D = null);
