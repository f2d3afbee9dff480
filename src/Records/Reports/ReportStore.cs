using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Warning.Grains.Reports;
using Warning.Publication.Outbox;
using Warning.Records.Database;
using Warning.Records.Outbox;
using Warning.Rules.Areas;

namespace Warning.Records.Reports;

/// <summary>
/// Community monitoring reports in the records database (migration 0006): a report is stored with the messages it
/// makes (the SMS answer to its reporter, the notices up the disaster information chain) and its chain rows in one
/// transaction, so none exists without the others. A duty officer's decision is one conditional update (a second finds
/// the first). The chain's deadlines are an indexed due time the sweeper reads.
/// </summary>
public sealed partial class ReportStore(RecordsDatabase db, OutboxStore outbox)
{
    private const string ChainColumns = "report_id AS ReportId, recipient_id AS RecipientId, tier AS Tier, name AS Name, phone AS Phone, code AS Code, "
        + "sent AS Sent, deadline AS Deadline, acknowledged AS Acknowledged, channel AS Channel, acknowledged_by AS AcknowledgedBy, overdue AS Overdue";

    [GeneratedRegex(@"\d{4}")]
    private static partial Regex CodeIn();

    public async Task Add(Report report, IReadOnlyList<OutboxMessage> messages, IReadOnlyList<ChainLink> chain, DateTimeOffset now)
    {
        var rows = OutboxStore.Rows(messages, now);
        await db.Writer.Write(async (c, tx) =>
        {
            await c.ExecuteAsync("""
                INSERT INTO reports (id, area, kind, status, observed, received, phone, body)
                VALUES (@Id, @Area, @Kind, @Status, @observed, @received, @Phone, @body)
                """, new { report.Id, report.Area, report.Kind, report.Status, observed = RecordsJson.Ms(report.Observed), received = RecordsJson.Ms(report.Received), report.Phone, body = RecordsJson.Write(report) }, tx);
            await InsertChain(c, tx, chain);
            await OutboxStore.Insert(c, tx, rows);
        });
        if (messages.Count > 0) outbox.Signal(messages.Select(m => m.Channel));
    }

    /// <summary>Messages that answer an inbound SMS (a malformed report's reply), queued on their own.</summary>
    public async Task Queue(IReadOnlyList<OutboxMessage> messages, DateTimeOffset now)
    {
        if (messages.Count == 0) return;
        var rows = OutboxStore.Rows(messages, now);
        await db.Writer.Write((c, tx) => OutboxStore.Insert(c, tx, rows));
        outbox.Signal(messages.Select(m => m.Channel));
    }

    public Task<Report?> Get(string id) => db.Read(async c =>
        await c.QuerySingleOrDefaultAsync<string>("SELECT body FROM reports WHERE id = @id", new { id }) is { } body ? RecordsJson.Read<Report>(body) : null);

    /// <summary>Reports matching the filter, newest observation first.</summary>
    public Task<IReadOnlyList<Report>> List(ReportFilter f) => db.Read(async c =>
    {
        var where = new List<string>();
        if (f.Area is not null) where.Add("area >= @area AND area < @areaEnd");
        if (f.Status is not null) where.Add("status = @Status");
        if (f.Kind is not null) where.Add("kind = @Kind");
        if (f.From is not null) where.Add("observed >= @from");
        if (f.To is not null) where.Add("observed < @to");
        var sql = $"SELECT body FROM reports{(where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where))} ORDER BY observed DESC, id LIMIT @Limit";
        var rows = await c.QueryAsync<string>(sql, new
        {
            area = f.Area, areaEnd = f.Area is null ? null : AreaCodes.End(f.Area), f.Status, f.Kind,
            from = RecordsJson.Ms(f.From), to = RecordsJson.Ms(f.To), f.Limit,
        });
        return (IReadOnlyList<Report>)rows.Select(RecordsJson.Read<Report>).ToList();
    });

    /// <summary>
    /// A duty officer verifies or rejects a pending report: the updated report, or the report as it was when it was not
    /// pending (<c>Changed</c> false), or null when there is no such report.
    /// </summary>
    public Task<(Report Report, bool Changed)?> Decide(string id, string status, string by, string? note, DateTimeOffset at) => db.Writer.Write(async (c, tx) =>
    {
        var body = await c.QuerySingleOrDefaultAsync<string>("SELECT body FROM reports WHERE id = @id", new { id }, tx);
        if (body is null) return ((Report, bool)?)null;
        var report = RecordsJson.Read<Report>(body);
        if (report.Status != ReportStatuses.Pending) return (report, false);
        var decided = report with { Status = status, DecidedBy = by, Decided = at, Note = note };
        var n = await c.ExecuteAsync("UPDATE reports SET status = @status, body = @body WHERE id = @id AND status = @pending",
            new { id, status, body = RecordsJson.Write(decided), pending = ReportStatuses.Pending }, tx);
        return n == 1 ? (decided, true) : (report, false);
    });

    public Task<IReadOnlyList<ChainLink>> Chain(string reportId) => db.Read(async c =>
        (IReadOnlyList<ChainLink>)(await c.QueryAsync<ChainRow>($"SELECT {ChainColumns} FROM report_chain WHERE report_id = @reportId ORDER BY sent, recipient_id", new { reportId }))
            .Select(r => r.ToLink()).ToList());

    /// <summary>Chain rows whose deadline passed by <paramref name="now"/> unacknowledged, by the due-time index.</summary>
    public Task<IReadOnlyList<(string ReportId, string RecipientId)>> DueChain(DateTimeOffset now, int max) => db.Read(async c =>
        (IReadOnlyList<(string, string)>)(await c.QueryAsync<(string, string)>(
            "SELECT report_id, recipient_id FROM report_chain WHERE due IS NOT NULL AND due <= @now ORDER BY due LIMIT @max",
            new { now = RecordsJson.Ms(now), max })).ToList());

    /// <summary>Flags a desk overdue if it still has not acknowledged; true when this call flagged it.</summary>
    public Task<bool> FlagOverdue(string reportId, string recipientId, DateTimeOffset now) => db.Writer.Write(async (c, tx) =>
        await c.ExecuteAsync("UPDATE report_chain SET overdue = @now, due = NULL WHERE report_id = @reportId AND recipient_id = @recipientId AND acknowledged IS NULL AND due IS NOT NULL",
            new { now = RecordsJson.Ms(now), reportId, recipientId }, tx) == 1);

    /// <summary>
    /// A desk's SMS acknowledgement: the sender's number and a 4-digit code of a chain row sent to that number; null when
    /// nothing matches (the caller goes on to other meanings of the SMS).
    /// </summary>
    public Task<ChainLink?> AcknowledgeBySms(string phone, string text, DateTimeOffset now) => db.Writer.Write(async (c, tx) =>
    {
        var codes = CodeIn().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        if (codes.Count == 0) return null;
        var rows = (await c.QueryAsync<ChainRow>($"SELECT {ChainColumns} FROM report_chain WHERE phone = @phone ORDER BY sent DESC LIMIT 50", new { phone }, tx)).ToList();
        var row = rows.Where(r => codes.Contains(r.Code)).OrderBy(r => r.Acknowledged is null ? 0 : 1).FirstOrDefault();
        if (row is null) return null;
        return await Acknowledge(c, tx, row, "sms", row.Name, now);
    });

    /// <summary>A duty officer records a desk's acknowledgement (by telephone); null when that desk was not sent the report.</summary>
    public Task<ChainLink?> AcknowledgeByOperator(string reportId, string recipientId, string by, DateTimeOffset now) => db.Writer.Write(async (c, tx) =>
    {
        var row = await c.QuerySingleOrDefaultAsync<ChainRow>($"SELECT {ChainColumns} FROM report_chain WHERE report_id = @reportId AND recipient_id = @recipientId",
            new { reportId, recipientId }, tx);
        return row is null ? null : await Acknowledge(c, tx, row, "dashboard", by, now);
    });

    private static async Task<ChainLink?> Acknowledge(DbConnection c, DbTransaction tx, ChainRow row, string channel, string by, DateTimeOffset now)
    {
        if (row.Acknowledged is not null) return row.ToLink();
        await c.ExecuteAsync("""
            UPDATE report_chain SET acknowledged = @at, channel = @channel, acknowledged_by = @by, due = NULL
            WHERE report_id = @ReportId AND recipient_id = @RecipientId AND acknowledged IS NULL
            """, new { at = RecordsJson.Ms(now), channel, by, row.ReportId, row.RecipientId }, tx);
        row.Acknowledged = RecordsJson.Ms(now);
        row.Channel = channel;
        row.AcknowledgedBy = by;
        return row.ToLink();
    }

    private static Task InsertChain(DbConnection c, DbTransaction tx, IReadOnlyList<ChainLink> chain) => chain.Count == 0 ? Task.CompletedTask : c.Run("""
        INSERT INTO report_chain (report_id, recipient_id, tier, name, phone, code, sent, deadline, due)
        VALUES (@ReportId, @RecipientId, @Tier, @Name, @Phone, @Code, @sent, @deadline, @deadline)
        ON CONFLICT (report_id, recipient_id) DO NOTHING
        """, chain.Select(l => new { l.ReportId, l.RecipientId, l.Tier, l.Name, l.Phone, l.Code, sent = RecordsJson.Ms(l.Sent), deadline = RecordsJson.Ms(l.Deadline) }).ToList(), tx);

    private static DateTimeOffset? At(long? ms) => ms is { } v ? RecordsJson.At(v) : null;

    private sealed class ChainRow
    {
        public string ReportId { get; set; } = "";

        public string RecipientId { get; set; } = "";

        public string Tier { get; set; } = "";

        public string Name { get; set; } = "";

        public string? Phone { get; set; }

        public string Code { get; set; } = "";

        public long Sent { get; set; }

        public long Deadline { get; set; }

        public long? Acknowledged { get; set; }

        public string? Channel { get; set; }

        public string? AcknowledgedBy { get; set; }

        public long? Overdue { get; set; }

        public ChainLink ToLink() => new(ReportId, RecipientId, Tier, Name, Phone, Code, RecordsJson.At(Sent), RecordsJson.At(Deadline), At(Acknowledged), Channel, AcknowledgedBy, At(Overdue));
    }
}
