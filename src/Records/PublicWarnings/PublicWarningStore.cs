using System.Text;
using Dapper;
using Warning.Grains.Publication;
using Warning.Publication.Outbox;
using Warning.Records.Database;
using Warning.Records.Outbox;
using Warning.Rules.Areas;

namespace Warning.Records.PublicWarnings;

/// <summary>
/// Public warnings, one row each, and the working state of each (area, hazard). A new version is stored in one
/// transaction with the area's state and every message it makes (transactional outbox): either all of it is there
/// after a crash or none, so a version is never public without its messages, nor messages sent for a version lost.
/// </summary>
public sealed class PublicWarningStore(RecordsDatabase db, OutboxStore outbox, TimeProvider time)
{
    public Task<string?> LoadArea(string areaKey) => db.Read(c =>
        c.QuerySingleOrDefaultAsync<string?>("SELECT state FROM area_warnings WHERE area_key = @areaKey", new { areaKey }));

    /// <summary>Stores the area's state, its current public warning (if any) and the messages of its new version, together.</summary>
    public async Task Save(string areaKey, string areaState, PublicWarning? warning, IReadOnlyList<OutboxMessage> messages)
    {
        // JSON made here, by the caller; the writer's loop only runs SQL.
        var body = warning is null ? null : RecordsJson.Write(warning);
        var outboxRows = OutboxStore.Rows(messages, time.GetUtcNow());
        await db.Writer.Write(async (c, tx) =>
        {
            await c.ExecuteAsync("""
                INSERT INTO area_warnings (area_key, state) VALUES (@areaKey, @areaState)
                ON CONFLICT (area_key) DO UPDATE SET state = excluded.state
                """, new { areaKey, areaState }, tx);
            if (warning is not null)
            {
                await c.ExecuteAsync("""
                    INSERT INTO public_warnings (id, area_key, area, hazard, status, updated, body)
                    VALUES (@Id, @AreaKey, @Area, @Hazard, @Status, @Updated, @Body)
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated = excluded.updated, body = excluded.body
                    """, new { warning.Id, AreaKey = areaKey, warning.Area, warning.Hazard, warning.Status, Updated = RecordsJson.Ms(warning.Updated), Body = body }, tx);
                foreach (var source in warning.Versions.SelectMany(v => v.Contributors).Distinct())
                    await c.ExecuteAsync("INSERT INTO public_warning_sources (warning_id, public_id) VALUES (@source, @id) ON CONFLICT DO NOTHING", new { source, id = warning.Id }, tx);
            }
            await OutboxStore.Insert(c, tx, outboxRows);
        });
        if (messages.Count > 0) outbox.Signal(messages.Select(m => m.Channel));
    }

    public Task<PublicWarning?> Get(string id) => db.Read(async c =>
    {
        var body = await c.QuerySingleOrDefaultAsync<string?>("SELECT body FROM public_warnings WHERE id = @id", new { id });
        return body is null ? null : RecordsJson.Read<PublicWarning>(body);
    });

    /// <summary>Public warnings, latest change first; <paramref name="area"/> matches the code and every code under it.</summary>
    public Task<List<PublicWarning>> List(bool? active = null, string? area = null, string? hazard = null, string? source = null, int limit = 100_000) => db.Read(async c =>
    {
        var sql = new StringBuilder("SELECT body FROM public_warnings WHERE 1 = 1");
        if (active is { } a) sql.Append(a ? " AND status = 'active'" : " AND status <> 'active'");
        if (area is not null) sql.Append(" AND area >= @area AND area < @areaEnd");
        if (hazard is not null) sql.Append(" AND hazard = @hazard");
        if (source is not null) sql.Append(" AND id IN (SELECT public_id FROM public_warning_sources WHERE warning_id = @source)");
        sql.Append(" ORDER BY updated DESC, id LIMIT @limit");
        var rows = await c.QueryAsync<string>(sql.ToString(), new { area, areaEnd = area is null ? null : AreaCodes.End(area), hazard, source, limit });
        return rows.Select(RecordsJson.Read<PublicWarning>).ToList();
    });
}
