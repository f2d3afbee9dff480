using System.Globalization;
using System.Text;
using Dapper;
using Warning.Grains.Publication;
using Warning.Grains.Warnings;
using Warning.Records.Database;
using Warning.Rules.Areas;

namespace Warning.Records.Warnings;

/// <summary>
/// The <c>warnings</c> table: one row per warning, written whole on each of its changes (a few KB, whatever the season's
/// size), queried by onset, region, area, level, status and hazard with indexes; approval and hand-over due times
/// are indexed columns, so the sweeper takes the due ones without scanning.
/// </summary>
public sealed class WarningStore(RecordsDatabase db)
{
    public const int MaxLimit = 100_000;

    private const string Columns = "visible, engine, approval, handover_due AS HandoverDue";

    public Task Save(StoredWarning warning)
    {
        // Made by the caller, not in the writer's loop: the one thread that commits for everyone only runs SQL.
        var v = warning.Visible;
        var row = new
        {
            v.Id, v.SensorId, v.Kind, Hazard = Hazards.Of(v.Kind, v.Ruleset), v.Level, v.Status, v.Region,
            Onset = RecordsJson.Ms(v.Onset), Updated = RecordsJson.Ms(v.Updated), ApprovalDue = RecordsJson.Ms(v.ApprovalDue),
            HandoverDue = RecordsJson.Ms(warning.HandoverDue),
            Visible = RecordsJson.Write(v), Engine = RecordsJson.Write(warning.Engine), Approval = RecordsJson.Write(warning.Approval),
        };
        var areas = v.Areas.Distinct().Select(area => new { area, id = v.Id }).ToList();
        return db.Writer.Write(async (c, tx) =>
        {
        await c.ExecuteAsync("""
            INSERT INTO warnings (id, sensor_id, kind, hazard, level, status, region, onset, updated, approval_due, handover_due, visible, engine, approval)
            VALUES (@Id, @SensorId, @Kind, @Hazard, @Level, @Status, @Region, @Onset, @Updated, @ApprovalDue, @HandoverDue, @Visible, @Engine, @Approval)
            ON CONFLICT (id) DO UPDATE SET level = excluded.level, status = excluded.status, onset = excluded.onset, updated = excluded.updated,
              approval_due = excluded.approval_due, handover_due = excluded.handover_due, visible = excluded.visible, engine = excluded.engine,
              approval = excluded.approval
            """, row, tx);
        // A warning's areas never change: after its first save these find their rows there and write nothing.
        await c.ExecuteAsync("INSERT INTO warning_areas (area, warning_id) VALUES (@area, @id) ON CONFLICT DO NOTHING", areas, tx);
        });
    }

    /// <summary>The hand-over of <paramref name="id"/>'s change due at <paramref name="due"/> is done (a later change keeps its own).</summary>
    public Task HandedOver(string id, DateTimeOffset due) => db.Writer.Write((c, tx) =>
        c.ExecuteAsync("UPDATE warnings SET handover_due = NULL WHERE id = @id AND handover_due = @due", new { id, due = RecordsJson.Ms(due) }, tx));

    public Task<StoredWarning?> Get(string id) => db.Read(async c =>
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM warnings WHERE id = @id", new { id });
        return row?.ToStored();
    });

    public Task<WarningRecord?> GetVisible(string id) => db.Read(async c =>
    {
        var json = await c.QuerySingleOrDefaultAsync<string>("SELECT visible FROM warnings WHERE id = @id", new { id });
        return json is null ? null : RecordsJson.Read<WarningRecord>(json);
    });

    /// <summary>Ids of pending warnings whose approval time ran out by <paramref name="now"/>.</summary>
    public Task<IReadOnlyList<string>> DueApprovals(DateTimeOffset now, int max) => Ids("approval_due", now, max);

    /// <summary>Ids of warnings whose released change was not confirmed by its public warnings by <paramref name="before"/>.</summary>
    public Task<IReadOnlyList<string>> DueHandovers(DateTimeOffset before, int max) => Ids("handover_due", before, max);

    private Task<IReadOnlyList<string>> Ids(string column, DateTimeOffset at, int max) => db.Read(async c =>
        (IReadOnlyList<string>)(await c.QueryAsync<string>(
            $"SELECT id FROM warnings WHERE {column} IS NOT NULL AND {column} <= @at ORDER BY {column} LIMIT @max",
            new { at = RecordsJson.Ms(at), max })).ToList());

    /// <summary>Warnings matching <paramref name="query"/>, newest onset first, a page of at most its limit.</summary>
    public Task<WarningPage> Query(WarningQuery query) => db.Read(async c =>
    {
        var sql = new StringBuilder("SELECT visible, onset, id FROM warnings WHERE 1 = 1");
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
        var rows = (await c.QueryAsync<(string Visible, long Onset, string Id)>(sql.ToString(), p)).ToList();
        var next = rows.Count > limit ? Cursor.Of(rows[limit - 1].Onset, rows[limit - 1].Id) : null;
        return new WarningPage(rows.Take(limit).Select(r => RecordsJson.Read<WarningRecord>(r.Visible)).ToList(), next);
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

    private sealed record Row(string Visible, string Engine, string Approval, long? HandoverDue)
    {
        public StoredWarning ToStored() => new(RecordsJson.Read<WarningRecord>(Visible), RecordsJson.Read<WarningRecord>(Engine),
            RecordsJson.Read<Approval>(Approval), HandoverDue is { } due ? RecordsJson.At(due) : null);
    }
}
