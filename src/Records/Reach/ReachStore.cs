using Dapper;
using Warning.Publication.Reach;
using Warning.Records.Database;
using Warning.Rules.Areas;

namespace Warning.Records.Reach;

/// <summary>
/// What reach and coverage are counted from, each read by index: a public warning's outbox rows (by
/// <c>ix_outbox_warning</c>, without their texts), its terminals' receipts (by the broadcast messages' keys), and the
/// public warnings of an area (by <c>ix_public_warnings_area</c>) with their recipients counted per warning in the
/// database.
/// </summary>
public sealed class ReachStore(RecordsDatabase db, TimeProvider time)
{
    public Task<IReadOnlyList<DeliveryRow>> Deliveries(string publicId) => db.Read(async c =>
        (IReadOnlyList<DeliveryRow>)(await c.QueryAsync<(string MessageId, string Recipient, string Channel, string? Purpose, string State, long Queued, long? Sent, long? Delivered)>(
            "SELECT message_id, recipient, channel, purpose, state, queued, sent, delivered FROM outbox WHERE warning_id = @publicId", new { publicId }))
            .Select(r => new DeliveryRow(r.MessageId, r.Recipient, r.Channel, r.Purpose, r.State == "sending" ? "queued" : r.State, RecordsJson.At(r.Queued),
                r.Sent is { } s ? RecordsJson.At(s) : null, r.Delivered is { } d ? RecordsJson.At(d) : null, []))
            .ToList());

    public Task<IReadOnlyList<TerminalRow>> Terminals(string publicId) => db.Read(async c =>
        (IReadOnlyList<TerminalRow>)(await c.QueryAsync<TerminalRow>("""
            SELECT t.message_id AS MessageId, t.terminal_id AS TerminalId, t.state AS State FROM broadcast_terminals t
            WHERE t.message_id IN (SELECT message_id FROM outbox WHERE warning_id = @publicId AND channel = 'broadcast')
            """, new { publicId })).ToList());

    /// <summary>A broadcast receipt's terminals (a terminal's later word replaces its earlier one).</summary>
    public Task RecordTerminals(string messageId, IReadOnlyList<(string Id, string State)> terminals) => terminals.Count == 0 ? Task.CompletedTask : db.Writer.Write((c, tx) => c.Run("""
        INSERT INTO broadcast_terminals (message_id, terminal_id, state, at) VALUES (@messageId, @Id, @State, @at)
        ON CONFLICT (message_id, terminal_id) DO UPDATE SET state = excluded.state, at = excluded.at
        """, terminals.Select(t => new { messageId, t.Id, t.State, at = RecordsJson.Ms(time.GetUtcNow()) }).ToList(), tx));

    /// <summary>
    /// The public warnings of <paramref name="area"/> and the areas under it changed since <paramref name="from"/>, with
    /// their recipients targeted (a version's own SMS round) and delivered (any SMS of theirs), counted per warning.
    /// </summary>
    public Task<IReadOnlyList<(string Id, string Body, int Targeted, int Delivered)>> Coverage(string area, DateTimeOffset? from) => db.Read(async c =>
        (IReadOnlyList<(string, string, int, int)>)(await c.QueryAsync<(string Id, string Body, long Targeted, long Delivered)>("""
            SELECT p.id, p.body,
              (SELECT COUNT(DISTINCT o.recipient) FROM outbox o WHERE o.warning_id = p.id AND o.channel = 'sms' AND o.purpose IS NULL),
              (SELECT COUNT(DISTINCT o.recipient) FROM outbox o WHERE o.warning_id = p.id AND o.channel = 'sms' AND o.state = 'delivered'
                 AND o.recipient IN (SELECT t.recipient FROM outbox t WHERE t.warning_id = p.id AND t.channel = 'sms' AND t.purpose IS NULL))
            FROM public_warnings p WHERE p.area >= @area AND p.area < @areaEnd AND p.updated >= @from
            """, new { area, areaEnd = AreaCodes.End(area), from = RecordsJson.Ms(from ?? DateTimeOffset.UnixEpoch) }))
            .Select(r => (r.Id, r.Body, (int)r.Targeted, (int)r.Delivered)).ToList());
}
