using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Warning.Publication.Confirmation;
using Warning.Records.Database;

namespace Warning.Records.Confirmations;

/// <summary>
/// Call-and-response (叫应) in the records database: one row per official asked to confirm a public warning, written
/// with the version that asks (in its transaction, beside its messages); the next step of each silent one is an indexed
/// due time that the sweeper hands to the warning's area grain; an answer — SMS reply, link or dashboard — is one
/// conditional update, so a second answer finds the first and a reply racing a call again cannot both win.
/// Every inbound SMS is kept (<c>sms_inbound</c>) with what became of it.
/// </summary>
public sealed partial class ConfirmationStore(RecordsDatabase db)
{
    private const string Columns = "public_id AS PublicId, recipient_id AS RecipientId, name AS Name, role AS Role, version AS Version, stage AS Stage, "
        + "first_sent AS FirstSent, due AS Due, confirmed AS Confirmed, channel AS Channel, confirmed_by AS ConfirmedBy, note AS Note";

    [GeneratedRegex(@"\d{4}")]
    private static partial Regex CodeIn();

    /// <summary>A version's requests, in its transaction: a request again (a new asking version) starts the calling anew.</summary>
    public static Task Ask(DbConnection c, DbTransaction tx, IReadOnlyList<ConfirmationRequest> asks) => asks.Count == 0 ? Task.CompletedTask : c.Run("""
        INSERT INTO confirmations (public_id, recipient_id, area_key, version, name, role, phone, code, token_id, first_sent, stage, due)
        VALUES (@PublicId, @RecipientId, @AreaKey, @Version, @Name, @Role, @Phone, @Code, @TokenId, @FirstSentMs, 0, @DueMs)
        ON CONFLICT (public_id, recipient_id) DO UPDATE SET version = excluded.version, name = excluded.name, role = excluded.role,
          phone = excluded.phone, code = excluded.code, token_id = excluded.token_id, first_sent = excluded.first_sent, stage = 0,
          due = excluded.due, confirmed = NULL, channel = NULL, confirmed_by = NULL, note = NULL
        """, asks.Select(a => new
    {
        a.PublicId, a.RecipientId, a.AreaKey, a.Version, a.Name, a.Role, a.Phone, a.Code, a.TokenId,
        FirstSentMs = RecordsJson.Ms(a.FirstSent), DueMs = RecordsJson.Ms(a.Due),
    }).ToList(), tx);

    /// <summary>A public warning that ended or was retracted: nobody is called about it any more.</summary>
    public static Task Close(DbConnection c, DbTransaction tx, string publicId) =>
        c.Run("UPDATE confirmations SET due = NULL WHERE public_id = @publicId AND due IS NOT NULL", new { publicId }, tx);

    /// <summary>Records the steps that are still valid (the official has not answered meanwhile); returns who stepped.</summary>
    public static async Task<HashSet<string>> Step(DbConnection c, DbTransaction tx, string publicId, IReadOnlyList<CallStep> steps)
    {
        var stepped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in steps)
        {
            var n = await c.Run("""
                UPDATE confirmations SET stage = @ToStage, due = @next
                WHERE public_id = @publicId AND recipient_id = @RecipientId AND stage = @FromStage AND confirmed IS NULL
                """, new { publicId, s.RecipientId, s.FromStage, s.ToStage, next = RecordsJson.Ms(s.NextDue) }, tx);
            if (n > 0) stepped.Add(s.RecipientId);
        }
        return stepped;
    }

    /// <summary>The public warnings (with their area grains) with a step due by <paramref name="now"/>, by the due-time index.</summary>
    public Task<IReadOnlyList<(string AreaKey, string PublicId)>> Due(DateTimeOffset now, int max) => db.Read(async c =>
        (IReadOnlyList<(string, string)>)(await c.QueryAsync<(string AreaKey, string PublicId)>(
            "SELECT DISTINCT area_key, public_id FROM (SELECT area_key, public_id FROM confirmations WHERE due IS NOT NULL AND due <= @now ORDER BY due LIMIT @max) AS due",
            new { now = RecordsJson.Ms(now), max })).ToList());

    /// <summary>Those of a public warning who have not answered.</summary>
    public Task<IReadOnlyList<OpenConfirmation>> Open(string publicId) => db.Read(async c =>
        (IReadOnlyList<OpenConfirmation>)(await c.QueryAsync<Row>($"SELECT {Columns} FROM confirmations WHERE public_id = @publicId AND confirmed IS NULL", new { publicId }))
            .Select(r => new OpenConfirmation(r.RecipientId, r.Name, r.Role, (int)r.Version, (int)r.Stage, RecordsJson.At(r.FirstSent), At(r.Due)))
            .ToList());

    /// <summary>Everyone asked to confirm a public warning, answered or not, by recipient id.</summary>
    public Task<IReadOnlyList<ConfirmationRecord>> ForWarning(string publicId) => db.Read(async c =>
        (IReadOnlyList<ConfirmationRecord>)(await c.QueryAsync<Row>($"SELECT {Columns} FROM confirmations WHERE public_id = @publicId ORDER BY recipient_id", new { publicId }))
            .Select(r => r.ToRecord()).ToList());

    /// <summary>Open requests whose next step is pending (by the due-time index), for a drill's simulated answers.</summary>
    public Task<IReadOnlyList<ConfirmationRecord>> Pending(int max) => db.Read(async c =>
        (IReadOnlyList<ConfirmationRecord>)(await c.QueryAsync<Row>($"SELECT {Columns} FROM confirmations WHERE due IS NOT NULL ORDER BY due LIMIT @max", new { max }))
            .Select(r => r.ToRecord()).ToList());

    /// <summary>A drill's simulated answer (<see cref="ConfirmationChannels.Drill"/>).</summary>
    public Task<ConfirmOutcome> Simulated(string publicId, string recipientId, DateTimeOffset now) => db.Writer.Write(async (c, tx) =>
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM confirmations WHERE public_id = @publicId AND recipient_id = @recipientId",
            new { publicId, recipientId }, tx);
        return row is null ? new ConfirmOutcome(ConfirmOutcome.Unknown, null) : await Confirm(c, tx, row, ConfirmationChannels.Drill, row.Name, "演练模拟应答", now);
    });

    /// <summary>The link: its token id (signature already checked), once.</summary>
    public Task<ConfirmOutcome> ByToken(string tokenId, DateTimeOffset now) => db.Writer.Write(async (c, tx) =>
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM confirmations WHERE token_id = @tokenId", new { tokenId }, tx);
        if (row is null) return new ConfirmOutcome(ConfirmOutcome.Unknown, null);
        return await Confirm(c, tx, row, ConfirmationChannels.Link, row.Name, null, now);
    });

    /// <summary>A duty officer records an answer given by telephone or in person.</summary>
    public Task<ConfirmOutcome> ByOperator(string publicId, string recipientId, string by, string? note, DateTimeOffset now) => db.Writer.Write(async (c, tx) =>
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM confirmations WHERE public_id = @publicId AND recipient_id = @recipientId",
            new { publicId, recipientId }, tx);
        if (row is null) return new ConfirmOutcome(ConfirmOutcome.Unknown, null);
        return await Confirm(c, tx, row, ConfirmationChannels.Dashboard, by, note, now);
    });

    /// <summary>
    /// An SMS reply: the sender's number and the 4-digit code in the text find the request (the newest with that code);
    /// a text without a code confirms the one open request of that number, if there is exactly one. Kept whatever its
    /// outcome.
    /// </summary>
    public Task<ConfirmOutcome> BySms(string from, string text, DateTimeOffset? sentAt, DateTimeOffset now) => db.Writer.Write(async (c, tx) =>
    {
        var rows = (await c.QueryAsync<CodedRow>($"SELECT {Columns}, code AS Code FROM confirmations WHERE phone = @from ORDER BY first_sent DESC LIMIT 50",
            new { from }, tx)).ToList();
        ConfirmOutcome outcome;
        if (rows.Count == 0) outcome = new ConfirmOutcome(ConfirmOutcome.UnknownNumber, null);
        else
        {
            var codes = CodeIn().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
            var open = rows.Where(r => r.Confirmed is null).ToList();
            var row = codes.Count > 0
                ? rows.Where(r => codes.Contains(r.Code)).OrderBy(r => r.Confirmed is null ? 0 : 1).FirstOrDefault()
                : open.Count == 1 ? open[0] : null;
            // The reply's own time if it is plausible (after the ask, not ahead of now), else when it reached us.
            var at = sentAt is { } s && row is not null && s >= RecordsJson.At(row.FirstSent) && s <= now.AddMinutes(1) ? s : now;
            outcome = row is null ? new ConfirmOutcome(ConfirmOutcome.UnknownCode, null) : await Confirm(c, tx, row, ConfirmationChannels.Sms, row.Name, text, at);
        }
        await c.ExecuteAsync("""
            INSERT INTO sms_inbound (at, sent_at, from_phone, text, result, public_id, recipient_id)
            VALUES (@at, @sentAt, @from, @text, @Result, @publicId, @recipientId)
            """, new
        {
            at = RecordsJson.Ms(now), sentAt = RecordsJson.Ms(sentAt), from, text, outcome.Result,
            publicId = outcome.Confirmation?.PublicId, recipientId = outcome.Confirmation?.RecipientId,
        }, tx);
        return outcome;
    });

    /// <summary>Keeps an inbound SMS that something other than a confirmation took (a community report, a desk's acknowledgement).</summary>
    public Task Keep(string from, string text, DateTimeOffset? sentAt, DateTimeOffset now, string result) => db.Writer.Write((c, tx) => c.ExecuteAsync("""
        INSERT INTO sms_inbound (at, sent_at, from_phone, text, result) VALUES (@at, @sentAt, @from, @text, @result)
        """, new { at = RecordsJson.Ms(now), sentAt = RecordsJson.Ms(sentAt), from, text, result }, tx));

    private static async Task<ConfirmOutcome> Confirm(DbConnection c, DbTransaction tx, Row row, string channel, string by, string? note, DateTimeOffset at)
    {
        if (row.Confirmed is not null) return new ConfirmOutcome(ConfirmOutcome.Already, row.ToRecord());
        await c.ExecuteAsync("""
            UPDATE confirmations SET confirmed = @at, channel = @channel, confirmed_by = @by, note = @note, due = NULL
            WHERE public_id = @PublicId AND recipient_id = @RecipientId AND confirmed IS NULL
            """, new { at = RecordsJson.Ms(at), channel, by, note, row.PublicId, row.RecipientId }, tx);
        row.Confirmed = RecordsJson.Ms(at);
        row.Channel = channel;
        row.ConfirmedBy = by;
        row.Note = note;
        row.Due = null;
        return new ConfirmOutcome(ConfirmOutcome.Confirmed, row.ToRecord());
    }

    private static DateTimeOffset? At(long? ms) => ms is { } v ? RecordsJson.At(v) : null;

    private class Row
    {
        public string PublicId { get; set; } = "";

        public string RecipientId { get; set; } = "";

        public string Name { get; set; } = "";

        public string Role { get; set; } = "";

        public long Version { get; set; }

        public long Stage { get; set; }

        public long FirstSent { get; set; }

        public long? Due { get; set; }

        public long? Confirmed { get; set; }

        public string? Channel { get; set; }

        public string? ConfirmedBy { get; set; }

        public string? Note { get; set; }

        public ConfirmationRecord ToRecord() => new(PublicId, RecipientId, Name, Role, (int)Version, (int)Stage, RecordsJson.At(FirstSent), At(Due),
            At(Confirmed), Channel, ConfirmedBy, Note);
    }

    private sealed class CodedRow : Row
    {
        public string Code { get; set; } = "";
    }
}
