using System.Data.Common;
using Dapper;
using Warning.Publication.Outbox;
using Warning.Records.Database;

namespace Warning.Records.Outbox;

/// <summary>
/// The outbox table as <see cref="IOutbox"/>. Rows are inserted with the public warning version that makes them
/// (<see cref="Insert"/>, inside that transaction); any silo's dispatcher leases due rows (<c>FOR UPDATE SKIP LOCKED</c>
/// on PostgreSQL, so silos never take the same row), a lease that runs out — its silo died — makes the rows due again,
/// and a silo at start takes back its own leases at once. Delivered is final whatever comes after it.
/// </summary>
public sealed class OutboxStore(RecordsDatabase db, TimeProvider time, TimeSpan leaseFor) : IOutbox
{
    private const string RecordColumns = "state AS State, attempts AS Attempts, queued AS Queued, sent AS Sent, "
        + "delivered AS Delivered, failed AS Failed, detail AS Detail, " + MessageColumns;

    /// <summary>The stored message and the columns that hold what its JSON leaves out (<see cref="WithoutColumns"/>).</summary>
    private const string MessageColumns = "message_id AS MessageId, warning_id AS WarningId, channel AS Channel, recipient AS Recipient, purpose AS Purpose, message AS Message";

    private readonly Dictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    /// <summary>The rows of <paramref name="messages"/> queued at <paramref name="now"/>, made before the transaction that inserts them.</summary>
    public static IReadOnlyList<object> Rows(IReadOnlyList<OutboxMessage> messages, DateTimeOffset now) =>
        messages.Select(m => (object)new { m.MessageId, m.WarningId, m.Version, m.Channel, m.Recipient, Now = RecordsJson.Ms(now), m.Purpose, Message = RecordsJson.Write(WithoutColumns(m)) }).ToList();

    /// <summary>
    /// The message as stored: without its id, public warning, channel, recipient and purpose, which are the row's columns
    /// (<see cref="Stored"/> puts them back). A third of the row: more rows to a page, and each message's row is written
    /// three times (queued, leased, sent). Rows stored with them read the same.
    /// </summary>
    private static OutboxMessage WithoutColumns(OutboxMessage m) => m with { MessageId = null!, WarningId = null!, Channel = null!, Recipient = null!, Purpose = null };

    /// <summary>Inserts messages not already there (a message id is kept once, however often it is put), in the caller's transaction.</summary>
    public static async Task Insert(DbConnection c, DbTransaction tx, IReadOnlyList<object> rows)
    {
        if (rows.Count == 0) return;
        await c.Run("""
            INSERT INTO outbox (message_id, warning_id, version, channel, recipient, state, attempts, queued, due, purpose, message)
            VALUES (@MessageId, @WarningId, @Version, @Channel, @Recipient, 'queued', 0, @Now, @Now, @Purpose, @Message)
            ON CONFLICT (message_id) DO NOTHING
            """, rows, tx);
    }

    /// <summary>Wakes this process's dispatchers of the channels just written to.</summary>
    public void Signal(IEnumerable<string> channels)
    {
        foreach (var channel in channels.Distinct()) SignalOf(channel).Release();
    }

    /// <summary>At start: what this process had leased before it stopped goes out again now, not when the lease runs out.</summary>
    public Task<int> ReleaseOwnLeases() => db.Writer.Write((c, tx) => c.ExecuteAsync(
        "UPDATE outbox SET state = 'queued', due = @now, lease_owner = NULL, lease_until = NULL WHERE lease_owner = @owner AND state = 'sending'",
        new { now = Now(), owner = db.Owner }, tx));

    public async Task<IReadOnlyList<OutboxMessage>> Take(string channel, int max, CancellationToken ct = default)
    {
        // Dispatchers look several times a second on every silo: a read finds there is nothing to take, so an idle
        // outbox costs no write transaction (and no sync) per look.
        var now = Now();
        var due = await db.Read(c => c.ExecuteScalarAsync<long?>("""
            SELECT 1 FROM outbox WHERE channel = @channel AND due IS NOT NULL AND due <= @now
            UNION ALL SELECT 1 FROM outbox WHERE lease_until IS NOT NULL AND lease_until < @now AND channel = @channel AND state = 'sending'
            LIMIT 1
            """, new { channel, now }), ct);
        return due is null ? [] : await Lease(channel, max);
    }

    private Task<IReadOnlyList<OutboxMessage>> Lease(string channel, int max) => db.Writer.Write(async (c, tx) =>
    {
        var now = Now();
        // Leases run out when their silo died mid-send: those messages are due again.
        await c.ExecuteAsync("""
            UPDATE outbox SET state = 'queued', due = @now, lease_owner = NULL, lease_until = NULL
            WHERE lease_until IS NOT NULL AND lease_until < @now AND channel = @channel AND state = 'sending'
            """, new { now, channel }, tx);
        var skipLocked = db.IsPostgres ? " FOR UPDATE SKIP LOCKED" : "";
        var taken = await c.QueryAsync<Stored>($"""
            UPDATE outbox SET state = 'sending', due = NULL, lease_owner = @owner, lease_until = @until
            WHERE message_id IN (SELECT message_id FROM outbox WHERE channel = @channel AND due IS NOT NULL AND due <= @now ORDER BY due LIMIT @max{skipLocked})
            RETURNING {MessageColumns}
            """, new { owner = db.Owner, until = now + (long)leaseFor.TotalMilliseconds, channel, now, max }, tx);
        return (IReadOnlyList<OutboxMessage>)taken.Select(t => t.ToMessage()).ToList();
    });

    public Task Renew(IReadOnlyCollection<string> messageIds) => messageIds.Count == 0 ? Task.CompletedTask : db.Writer.Write((c, tx) => c.ExecuteAsync(
        $"UPDATE outbox SET lease_until = @until WHERE {db.AnyOf("message_id", "messageIds")} AND lease_owner = @owner AND state = 'sending'",
        new { until = Now() + (long)leaseFor.TotalMilliseconds, messageIds, owner = db.Owner }, tx));

    public Task WaitForWork(string channel, TimeSpan timeout, CancellationToken ct) => SignalOf(channel).WaitAsync(timeout, ct);

    public Task MarkSent(string messageId, int attempts) => db.Writer.Write((c, tx) => c.Run("""
        UPDATE outbox SET state = CASE WHEN state = 'delivered' THEN state ELSE 'sent' END, attempts = attempts + @attempts, sent = @now,
          due = NULL, lease_owner = NULL, lease_until = NULL
        WHERE message_id = @messageId
        """, new { messageId, attempts, now = Now() }, tx));

    public Task MarkFailed(string messageId, int attempts, string detail) => db.Writer.Write((c, tx) => c.Run("""
        UPDATE outbox SET state = CASE WHEN state = 'delivered' THEN state ELSE 'failed' END, attempts = attempts + @attempts, failed = @now,
          detail = @detail, due = NULL, lease_owner = NULL, lease_until = NULL
        WHERE message_id = @messageId
        """, new { messageId, attempts, detail, now = Now() }, tx));

    public Task<bool> TryDefer(string messageId, int attempts, string detail, DateTimeOffset retryAt, TimeSpan retryFor) => db.Writer.Write(async (c, tx) =>
    {
        var deferred = await c.ExecuteAsync("""
            UPDATE outbox SET state = 'queued', attempts = attempts + @attempts, detail = @detail, due = @due, lease_owner = NULL, lease_until = NULL
            WHERE message_id = @messageId AND queued > @queuedAfter AND state <> 'delivered'
            """, new
        {
            messageId, attempts, detail = $"retrying at {retryAt:O} after {detail}", due = RecordsJson.Ms(retryAt),
            queuedAfter = Now() - (long)retryFor.TotalMilliseconds,
        }, tx);
        return deferred > 0;
    });

    public Task<PublicationRecord?> Receipt(string messageId, string state, string? detail) => db.Writer.Write(async (c, tx) =>
    {
        var delivered = state == PublicationStates.Delivered;
        var row = await c.QuerySingleOrDefaultAsync<Row>($"""
            UPDATE outbox SET state = CASE WHEN state = 'delivered' THEN state ELSE @state END,
              delivered = CASE WHEN @delivered = 1 THEN @now ELSE delivered END,
              failed = CASE WHEN @delivered = 1 OR state = 'delivered' THEN failed ELSE @now END,
              detail = @detail
            WHERE message_id = @messageId
            RETURNING {RecordColumns}
            """, new { messageId, state = delivered ? PublicationStates.Delivered : PublicationStates.Failed, delivered = delivered ? 1 : 0, detail, now = Now() }, tx);
        return row?.ToRecord();
    });

    public Task<IReadOnlyList<PublicationRecord>> List(string? warningId, string? channel = null, string? state = null, int limit = 100_000) => db.Read(async c =>
    {
        var where = new List<string>();
        if (warningId is not null)
            where.Add("(warning_id = @warningId OR warning_id IN (SELECT public_id FROM public_warning_sources WHERE warning_id = @warningId))");
        if (channel is not null) where.Add("channel = @channel");
        if (state is not null) where.Add(state == PublicationStates.Queued ? "state IN ('queued', 'sending')" : "state = @state");
        var sql = $"SELECT {RecordColumns} FROM outbox {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} "
            + "ORDER BY warning_id, version, channel, recipient LIMIT @limit";
        var rows = await c.QueryAsync<Row>(sql, new { warningId, channel, state, limit });
        return (IReadOnlyList<PublicationRecord>)rows.Select(r => r.ToRecord())
            // A sensor warning's records: the versions that spoke for it.
            .Where(r => warningId is null || r.WarningId == warningId || r.Sources.Contains(warningId))
            .ToList();
    });

    private long Now() => RecordsJson.Ms(time.GetUtcNow());

    private SemaphoreSlim SignalOf(string channel)
    {
        lock (_signals)
        {
            if (!_signals.TryGetValue(channel, out var signal)) _signals[channel] = signal = new SemaphoreSlim(0);
            return signal;
        }
    }

    /// <summary>A stored message with the columns its JSON leaves to them.</summary>
    private class Stored
    {
        public string MessageId { get; set; } = "";

        public string WarningId { get; set; } = "";

        public string Channel { get; set; } = "";

        public string Recipient { get; set; } = "";

        public string? Purpose { get; set; }

        public string Message { get; set; } = "";

        public OutboxMessage ToMessage()
        {
            var m = RecordsJson.Read<OutboxMessage>(Message);
            return m with { MessageId = MessageId, WarningId = WarningId, Channel = Channel, Recipient = Recipient, Purpose = Purpose ?? m.Purpose };
        }
    }

    private sealed class Row : Stored
    {
        public string State { get; set; } = "";

        public long Attempts { get; set; }

        public long Queued { get; set; }

        public long? Sent { get; set; }

        public long? Delivered { get; set; }

        public long? Failed { get; set; }

        public string? Detail { get; set; }

        public PublicationRecord ToRecord()
        {
            var m = ToMessage();
            return new PublicationRecord(MessageId, m.WarningId, m.Version, m.Sources, m.Channel, m.Recipient, m.Target, m.Level,
                State == PublicationStates.Sending ? PublicationStates.Queued : State, (int)Attempts, RecordsJson.At(Queued),
                At(Sent), At(Delivered), At(Failed), Detail);
        }

        private static DateTimeOffset? At(long? ms) => ms is { } v ? RecordsJson.At(v) : null;
    }
}
