namespace Warning.Ingest.Mqtt;

/// <summary>
/// One connection's QoS 1 publishes handed on but not yet acknowledged: the hand-off of each by its packet identifier,
/// for the PUBACK to wait on when it is about to be sent. The receive loop adds (one caller at a time); the send loop
/// takes. Past <see cref="Limit"/> hand-offs in flight the receive loop waits for the oldest, so a client that never
/// waits for its PUBACKs cannot pile up work without bound.
/// </summary>
public sealed class PendingAcks
{
    /// <summary>Hand-offs in flight per connection before its next publish is read (a gateway keeps tens).</summary>
    public const int Limit = 256;

    private readonly Dictionary<ushort, Task<bool>> _byId = [];
    private readonly Queue<Task<bool>> _inOrder = new();

    /// <summary>
    /// Records the hand-off of publish <paramref name="packetId"/> (a resend after a reconnect replaces a stale entry of
    /// the same identifier); returns what the receive loop must wait for before reading on.
    /// </summary>
    public Task Add(ushort packetId, Task<bool> handOff)
    {
        lock (_byId) _byId[packetId] = handOff;
        _inOrder.Enqueue(handOff);
        while (_inOrder.TryPeek(out var oldest) && oldest.IsCompleted) _inOrder.Dequeue();
        return _inOrder.Count > Limit ? _inOrder.Dequeue() : Task.CompletedTask;
    }

    /// <summary>The hand-off behind the PUBACK for <paramref name="packetId"/>, or null when it was not deferred.</summary>
    public Task<bool>? Take(ushort packetId)
    {
        lock (_byId) return _byId.Remove(packetId, out var handOff) ? handOff : null;
    }

    public int Count
    {
        get
        {
            lock (_byId) return _byId.Count;
        }
    }
}
