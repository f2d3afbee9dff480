using System.Globalization;
using System.Text;
using Dapper;
using Warning.Grains.Publication;
using Warning.Grains.Warnings;
using Warning.Records.Database;
using Warning.Rules.Areas;

namespace Warning.Records.Warnings;

/// <summary>
/// The <c>warnings</c> table: one row per warning — the engine's version and the operators' actions, from which what
/// people see is derived on read — written on each of its changes (about a KB, whatever the season's size), queried
/// by onset, region, area, level, status and hazard with indexes. The approval due time is an indexed column and a
/// released change not yet confirmed by its public warnings a small row of <c>handovers</c> ordered by when it is due,
/// so the sweeper takes the due ones without scanning and confirming one does not rewrite the warning's row.
/// </summary>
public sealed class WarningStore(RecordsDatabase db)
{
    public const int MaxLimit = 100_000;

    private const string Columns = "id, sensor_id AS SensorId, kind, region, engine, approval, status, approval_due AS ApprovalDue";

    /// <summary>
    /// Stores <paramref name="warning"/>. Given the version stored <paramref name="before"/>, an update sets the indexed
    /// columns (onset, status, approval due) only where they changed: naming a column rewrites its index entries even
    /// when the value stays, and an escalation would otherwise write three index pages for nothing.
    /// </summary>
    public Task Save(StoredWarning warning, WarningRecord? before = null) =>
        Write(warning, before is null ? Upsert : Update(before.Onset != warning.Visible.Onset, before.Status != warning.Visible.Status,
            before.ApprovalDue != warning.Visible.ApprovalDue), before is null);

    /// <summary>Stores <paramref name="warning"/> as a new row; false, writing nothing, when a row of its id is there already.</summary>
    public Task<bool> Insert(StoredWarning warning) => Write(warning, InsertNew, true);

    private Task<bool> Write(StoredWarning warning, string sql, bool first)
    {
        // Made by the caller, not in the writer's loop: the one thread that commits for everyone only runs SQL.
        var v = warning.Visible;
        var row = new
        {
            v.Id, v.SensorId, v.Kind, Hazard = Hazards.Of(v.Kind, v.Ruleset), v.Level, v.Status, v.Region,
            Onset = RecordsJson.Ms(v.Onset), Updated = RecordsJson.Ms(v.Updated), ApprovalDue = RecordsJson.Ms(v.ApprovalDue),
            Engine = RecordsJson.WriteWithoutDefaults(WithoutColumns(warning.Engine)), Approval = RecordsJson.WriteWithoutDefaults(warning.Approval),
        };
        var areas = first ? v.Areas.Distinct().Select(area => new { area, id = v.Id }).ToList() : [];
        var handover = warning.HandoverDue is { } due ? new { due = RecordsJson.Ms(due), id = v.Id } : null;
        return db.Writer.Write(async (c, tx) =>
        {
            if (await c.Run(sql, row, tx) == 0) return false;
            // A warning's areas never change: written with its first save.
            await c.Run("INSERT INTO warning_areas (area, warning_id) VALUES (@area, @id) ON CONFLICT DO NOTHING", areas, tx);
            if (handover is not null) await c.Run("INSERT INTO handovers (due, warning_id) VALUES (@due, @id) ON CONFLICT DO NOTHING", handover, tx);
            return true;
        });
    }

    /// <summary>
    /// The engine's version as stored: without what the row's own columns hold (its id, sensor, kind and region, the same
    /// in every version of a warning), which <see cref="Row"/> puts back on read, and with both JSON columns leaving out
    /// members at their default (<c>"exercise":false</c>, <c>"cancelled":false</c>). About a tenth of the row, and what
    /// decides whether two warnings share a 2 KB page (a storm's rows were 20 bytes over). Rows stored with them read the same.
    /// </summary>
    private static WarningRecord WithoutColumns(WarningRecord engine) => engine with { Id = null!, SensorId = null!, Kind = null!, Region = null! };

    private const string NewRow = """
        INSERT INTO warnings (id, sensor_id, kind, hazard, level, status, region, onset, updated, approval_due, engine, approval)
        VALUES (@Id, @SensorId, @Kind, @Hazard, @Level, @Status, @Region, @Onset, @Updated, @ApprovalDue, @Engine, @Approval)
        """;

    private const string InsertNew = NewRow + " ON CONFLICT (id) DO NOTHING";

    private const string Upsert = NewRow + """
         ON CONFLICT (id) DO UPDATE SET level = excluded.level, status = excluded.status, onset = excluded.onset, updated = excluded.updated,
          approval_due = excluded.approval_due, engine = excluded.engine, approval = excluded.approval
        """;

    private static string Update(bool onset, bool status, bool approvalDue) =>
        "UPDATE warnings SET level = @Level, updated = @Updated, engine = @Engine, approval = @Approval"
        + (onset ? ", onset = @Onset" : "") + (status ? ", status = @Status" : "") + (approvalDue ? ", approval_due = @ApprovalDue" : "")
        + " WHERE id = @Id";

    /// <summary>A verified report raises <paramref name="id"/> until <paramref name="until"/>: the sweeper hands it back to its grain then.</summary>
    public Task HoldUntil(string id, DateTimeOffset until) => db.Writer.Write((c, tx) =>
        c.Run("INSERT INTO report_holds (due, warning_id) VALUES (@due, @id) ON CONFLICT DO NOTHING", new { id, due = RecordsJson.Ms(until) }, tx));

    /// <summary>Report holds that ended by <paramref name="now"/>, by the primary key's order.</summary>
    public Task<IReadOnlyList<(string Id, DateTimeOffset Due)>> DueHolds(DateTimeOffset now, int max) => db.Read(async c =>
        (IReadOnlyList<(string, DateTimeOffset)>)(await c.QueryAsync<(long Due, string Id)>(
            "SELECT due, warning_id FROM report_holds WHERE due <= @now ORDER BY due LIMIT @max", new { now = RecordsJson.Ms(now), max }))
            .Select(r => (r.Id, RecordsJson.At(r.Due))).ToList());

    public Task HoldEnded(string id, DateTimeOffset due) => db.Writer.Write((c, tx) =>
        c.Run("DELETE FROM report_holds WHERE due = @due AND warning_id = @id", new { id, due = RecordsJson.Ms(due) }, tx));

    /// <summary>The hand-over of <paramref name="id"/>'s change due at <paramref name="due"/> is done (a later change keeps its own).</summary>
    public Task HandedOver(string id, DateTimeOffset due) => db.Writer.Write((c, tx) =>
        c.Run("DELETE FROM handovers WHERE due = @due AND warning_id = @id", new { id, due = RecordsJson.Ms(due) }, tx));

    /// <summary>The warning's row; its <see cref="StoredWarning.HandoverDue"/> is not part of it (the sweeper hands those on).</summary>
    public Task<StoredWarning?> Get(string id) => db.Read(async c =>
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM warnings WHERE id = @id", new { id });
        return row?.ToStored();
    });

    public Task<WarningRecord?> GetVisible(string id) => db.Read(async c =>
        (await c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM warnings WHERE id = @id", new { id }))?.Visible());

    /// <summary>Ids of pending warnings whose approval time ran out by <paramref name="now"/>.</summary>
    public Task<IReadOnlyList<string>> DueApprovals(DateTimeOffset now, int max) => db.Read(async c =>
        (IReadOnlyList<string>)(await c.QueryAsync<string>(
            "SELECT id FROM warnings WHERE approval_due IS NOT NULL AND approval_due <= @now ORDER BY approval_due LIMIT @max",
            new { now = RecordsJson.Ms(now), max })).ToList());

    /// <summary>Warnings whose released change was not confirmed by its public warnings by <paramref name="before"/>, with that change's due time.</summary>
    public Task<IReadOnlyList<(string Id, DateTimeOffset Due)>> DueHandovers(DateTimeOffset before, int max) => db.Read(async c =>
        (IReadOnlyList<(string, DateTimeOffset)>)(await c.QueryAsync<(string Id, long Due)>(
            "SELECT warning_id, due FROM handovers WHERE due <= @before ORDER BY due LIMIT @max",
            new { before = RecordsJson.Ms(before), max })).Select(r => (r.Id, RecordsJson.At(r.Due))).ToList());

    /// <summary>Warnings matching <paramref name="query"/>, newest onset first, a page of at most its limit.</summary>
    public Task<WarningPage> Query(WarningQuery query) => db.Read(async c =>
    {
        var sql = new StringBuilder($"SELECT {Columns}, onset FROM warnings WHERE 1 = 1");
        var p = new DynamicParameters();
        if (query.Active is { } active)
            sql.Append(active ? " AND status IN ('active', 'pending-approval')" : " AND status NOT IN ('active', 'pending-approval')");
        Equal(sql, p, "kind", query.Kind);
        Equal(sql, p, "level", query.Level);
        Equal(sql, p, "sensor_id", query.SensorId);
        Equal(sql, p, "status", query.Status);
        Equal(sql, p, "hazard", query.Hazard);
        if (query.Region is { } region)
        {
            sql.Append(" AND region >= @region AND region < @regionEnd");
            p.Add("region", region);
            p.Add("regionEnd", AreaCodes.End(region));
        }
        if (query.Area is { } area)
        {
            // A warning of the area or of a place in it.
            sql.Append(" AND id IN (SELECT warning_id FROM warning_areas WHERE area >= @area AND area < @areaEnd)");
            p.Add("area", area);
            p.Add("areaEnd", AreaCodes.End(area));
        }
        if (query.From is { } from) { sql.Append(" AND onset >= @from"); p.Add("from", RecordsJson.Ms(from)); }
        if (query.To is { } to) { sql.Append(" AND onset < @to"); p.Add("to", RecordsJson.Ms(to)); }
        if (Cursor.Parse(query.After) is { } after)
        {
            sql.Append(" AND (onset < @afterOnset OR (onset = @afterOnset AND id < @afterId))");
            p.Add("afterOnset", after.Onset);
            p.Add("afterId", after.Id);
        }
        var limit = Math.Clamp(query.Limit ?? WarningQuery.DefaultLimit, 1, MaxLimit);
        sql.Append(" ORDER BY onset DESC, id DESC LIMIT @limit");
        p.Add("limit", limit + 1);
        var rows = (await c.QueryAsync<Row>(sql.ToString(), p)).ToList();
        var next = rows.Count > limit ? Cursor.Of(rows[limit - 1].Onset, rows[limit - 1].Id) : null;
        return new WarningPage(rows.Take(limit).Select(r => r.Visible()).ToList(), next);
    });

    /// <summary>Every warning matching <paramref name="query"/>, page after page.</summary>
    public async Task<IReadOnlyList<WarningRecord>> All(WarningQuery query)
    {
        var all = new List<WarningRecord>();
        var page = await Query(query with { Limit = MaxLimit });
        all.AddRange(page.Warnings);
        while (page.Next is { } next)
        {
            page = await Query(query with { Limit = MaxLimit, After = next });
            all.AddRange(page.Warnings);
        }
        return all;
    }

    private static void Equal(StringBuilder sql, DynamicParameters p, string column, string? value)
    {
        if (value is null) return;
        sql.Append(CultureInfo.InvariantCulture, $" AND {column} = @{column}");
        p.Add(column, value);
    }

    /// <summary>Where a page ended: the last warning's onset and id, <c>{onset ms}_{id}</c>.</summary>
    private static class Cursor
    {
        public static string Of(long onset, string id) => $"{onset.ToString(CultureInfo.InvariantCulture)}_{id}";

        public static (long Onset, string Id)? Parse(string? cursor)
        {
            if (cursor is null) return null;
            var cut = cursor.IndexOf('_', StringComparison.Ordinal);
            return cut > 0 && long.TryParse(cursor[..cut], NumberStyles.Integer, CultureInfo.InvariantCulture, out var onset)
                ? (onset, cursor[(cut + 1)..])
                : throw new FormatException($"after: \"{cursor}\" is not a cursor this API gave (onset ms, '_', id)");
        }
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string SensorId { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Region { get; init; } = "";
        public string Engine { get; init; } = "";
        public string Approval { get; init; } = "";
        public string Status { get; init; } = "";
        public long? ApprovalDue { get; init; }
        public long Onset { get; init; }

        /// <summary>What people see: the engine's version with the operators' actions, in the status the row was saved with.</summary>
        public WarningRecord Visible() => Visible(EngineVersion(), RecordsJson.Read<Approval>(Approval));

        /// <summary>The row as its grain works from it, each JSON column read once.</summary>
        public StoredWarning ToStored()
        {
            var (engine, approval) = (EngineVersion(), RecordsJson.Read<Approval>(Approval));
            return new StoredWarning(Visible(engine, approval), engine, approval, null);
        }

        /// <summary>The engine's version with what <see cref="WithoutColumns"/> left to the columns put back.</summary>
        private WarningRecord EngineVersion() =>
            RecordsJson.Read<WarningRecord>(Engine) with { Id = Id, SensorId = SensorId, Kind = Kind, Region = Region };

        private WarningRecord Visible(WarningRecord engine, Approval approval) =>
            approval.Apply(engine, Status, ApprovalDue is { } due ? RecordsJson.At(due) : null);
    }
}
