using System.Text;
using Dapper;
using Warning.Grains.Publication;
using Warning.Publication.Outbox;
using Warning.Records.Confirmations;
using Warning.Records.Database;
using Warning.Records.Outbox;
using Warning.Rules.Areas;

namespace Warning.Records.PublicWarnings;

/// <summary>
/// Public warnings, one row each, the sensor warnings speaking in each (a row per contributor, written when it changes),
/// and the working state of each (area, hazard). A change is stored in one transaction with every message a new version
/// makes (transactional outbox): either all of it is there after a crash or none, so a version is never public without
/// its messages, nor messages sent for a version lost.
/// </summary>
public sealed class PublicWarningStore(RecordsDatabase db, OutboxStore outbox, TimeProvider time)
{
    public Task<string?> LoadArea(string areaKey) => db.Read(c =>
        c.QuerySingleOrDefaultAsync<string?>("SELECT state FROM area_warnings WHERE area_key = @areaKey", new { areaKey }));

    /// <summary>Stores what <paramref name="change"/> holds, together.</summary>
    public async Task Save(AreaChange change)
    {
        if (change.IsEmpty) return;
        // JSON made here, by the caller; the writer's loop only runs SQL.
        var warning = change.Warning;
        var row = warning is null ? null : new
        {
            warning.Id, change.AreaKey, warning.Area, warning.Hazard, warning.Status, Updated = RecordsJson.Ms(warning.Updated),
            Body = RecordsJson.Write(warning with { Contributors = [] }),
        };
        var sources = change.NewVersion?.Contributors.Select(source => new { source, id = warning!.Id }).ToList() ?? [];
        var contributors = (change.Contributors ?? []).Select(c => new { publicId = change.ContributorsOf, c.WarningId, body = RecordsJson.Write(c) }).ToList();
        var messages = change.Messages ?? [];
        var outboxRows = OutboxStore.Rows(messages, time.GetUtcNow());
        await db.Writer.Write(async (c, tx) =>
        {
            if (change.State is { } state)
            {
                await c.Run("""
                    INSERT INTO area_warnings (area_key, state) VALUES (@AreaKey, @state)
                    ON CONFLICT (area_key) DO UPDATE SET state = excluded.state
                    """, new { change.AreaKey, state }, tx);
            }
            if (row is not null)
            {
                await c.Run("""
                    INSERT INTO public_warnings (id, area_key, area, hazard, status, updated, body)
                    VALUES (@Id, @AreaKey, @Area, @Hazard, @Status, @Updated, @Body)
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated = excluded.updated, body = excluded.body
                    """, row, tx);
                await c.Run("INSERT INTO public_warning_sources (warning_id, public_id) VALUES (@source, @id) ON CONFLICT DO NOTHING", sources, tx);
            }
            await c.Run("""
                INSERT INTO public_contributors (public_id, warning_id, body) VALUES (@publicId, @WarningId, @body)
                ON CONFLICT (public_id, warning_id) DO UPDATE SET body = excluded.body
                """, contributors, tx);
            await ConfirmationStore.Ask(c, tx, change.Asks ?? []);
            if (change.CloseCalls && change.CallsOf is { } closed) await ConfirmationStore.Close(c, tx, closed);
            var send = outboxRows;
            if (change.Steps is { Count: > 0 } steps && change.CallsOf is { } calls)
            {
                // An official who answered since the grain read the rows is not called again.
                var stepped = await ConfirmationStore.Step(c, tx, calls, steps);
                send = outboxRows.Where((_, i) => messages[i].Purpose != MessagePurposes.Repeat || stepped.Contains(messages[i].Recipient)).ToList();
            }
            await OutboxStore.Insert(c, tx, send);
        });
        if (messages.Count > 0) outbox.Signal(messages.Select(m => m.Channel));
    }

    public async Task<PublicWarning?> Get(string id) => (await Query("SELECT id, body FROM public_warnings WHERE id = @id", new { id })).SingleOrDefault();

    /// <summary>
    /// The public warning <paramref name="id"/>; or, for a sensor warning's id, the public warnings it spoke in (those
    /// of its areas); none when neither.
    /// </summary>
    public async Task<List<PublicWarning>> Of(string id) => await Get(id) is { } single ? [single] : await List(source: id);

    /// <summary>Public warnings, latest change first; <paramref name="area"/> matches the code and every code under it.</summary>
    public Task<List<PublicWarning>> List(bool? active = null, string? area = null, string? hazard = null, string? source = null, int limit = 100_000)
    {
        var sql = new StringBuilder("SELECT id, body FROM public_warnings WHERE 1 = 1");
        if (active is { } a) sql.Append(a ? " AND status = 'active'" : " AND status <> 'active'");
        if (area is not null) sql.Append(" AND area >= @area AND area < @areaEnd");
        if (hazard is not null) sql.Append(" AND hazard = @hazard");
        if (source is not null) sql.Append(" AND id IN (SELECT public_id FROM public_warning_sources WHERE warning_id = @source)");
        sql.Append(" ORDER BY updated DESC, id LIMIT @limit");
        return Query(sql.ToString(), new { area, areaEnd = area is null ? null : AreaCodes.End(area), hazard, source, limit });
    }

    /// <summary>
    /// The public warnings <paramref name="sql"/> selects (<c>id, body</c>), each with its contributors' rows; a body
    /// written before contributors had rows of their own still carries them, and a row overrides its entry.
    /// </summary>
    private Task<List<PublicWarning>> Query(string sql, object parameters) => db.Read(async c =>
    {
        var rows = (await c.QueryAsync<(string Id, string Body)>(sql, parameters)).ToList();
        if (rows.Count == 0) return [];
        var contributors = (await c.QueryAsync<(string PublicId, string Body)>(
                $"SELECT public_id, body FROM public_contributors WHERE public_id IN (SELECT id FROM ({sql}) AS selected)", parameters))
            .ToLookup(r => r.PublicId, r => RecordsJson.Read<PublicContributor>(r.Body), StringComparer.Ordinal);
        return rows.Select(r =>
        {
            var warning = RecordsJson.Read<PublicWarning>(r.Body);
            if (!contributors.Contains(r.Id)) return warning;
            var merged = warning.Contributors.ToDictionary(x => x.WarningId, StringComparer.Ordinal);
            foreach (var x in contributors[r.Id]) merged[x.WarningId] = x;
            return warning with { Contributors = merged.Values.OrderBy(x => x.SensorId, StringComparer.Ordinal).ToList() };
        }).ToList();
    });
}
