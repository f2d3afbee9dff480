namespace Warning.Publication.Outbox;

/// <summary>
/// The durable outbox as the dispatchers and the API see it. Messages are put in by whoever stores the public warning
/// version that makes them, in the same transaction; a dispatcher takes due messages under a lease, so a process that
/// dies mid-send leaves them to be taken again (same message id, so a gateway can drop the repeat), and records what
/// became of each.
/// </summary>
public interface IOutbox
{
    /// <summary>Takes up to <paramref name="max"/> due messages of a channel, leased to this process.</summary>
    Task<IReadOnlyList<OutboxMessage>> Take(string channel, int max, CancellationToken ct = default);

    /// <summary>Keeps the lease of messages still being sent.</summary>
    Task Renew(IReadOnlyCollection<string> messageIds);

    /// <summary>Waits until a channel may have work (a local enqueue wakes it at once; other silos' within the timeout).</summary>
    Task WaitForWork(string channel, TimeSpan timeout, CancellationToken ct);

    Task MarkSent(string messageId, int attempts);

    Task MarkFailed(string messageId, int attempts, string detail);

    /// <summary>
    /// Puts a message whose round of tries failed for a passing reason back for <paramref name="retryAt"/>, unless it was
    /// queued more than <paramref name="retryFor"/> ago; false then, and the caller records it failed.
    /// </summary>
    Task<bool> TryDefer(string messageId, int attempts, string detail, DateTimeOffset retryAt, TimeSpan retryFor);

    /// <summary>A gateway's receipt; null for a message id the outbox never had.</summary>
    Task<PublicationRecord?> Receipt(string messageId, string state, string? detail);

    /// <summary>Records of a public warning, or of the sensor warnings its versions speak for; all when null.</summary>
    Task<IReadOnlyList<PublicationRecord>> List(string? warningId, string? channel = null, string? state = null, int limit = 100_000);
}
