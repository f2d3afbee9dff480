using Dapper;
using Warning.Grains.Publication;
using Warning.Records.Database;

namespace Warning.Records.Silences;

/// <summary>
/// Maintenance silences and what each held. Few are in force at any time, so a match reads those in force and checks
/// areas and sensors in memory; what was held is kept per (silence, area grain), so the area grains are refreshed
/// once the silence ends.
/// </summary>
public sealed class SilenceStore(RecordsDatabase db, TimeProvider time)
{
    public Task<Silence> Add(Silence silence) => db.Writer.Write(async (c, tx) =>
    {
        var number = await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(number), 0) + 1 FROM silences", transaction: tx);
        var stored = silence with { Id = $"silence-{number}-{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", Held = [] };
        await c.ExecuteAsync("INSERT INTO silences (id, number, from_ms, to_ms, released, body) VALUES (@id, @number, @from, @to, 0, @body)",
            new { id = stored.Id, number, from = RecordsJson.Ms(stored.From), to = RecordsJson.Ms(stored.To), body = RecordsJson.Write(stored) }, tx);
        return stored;
    });

    /// <summary>Every silence with what it held, oldest first.</summary>
    public Task<IReadOnlyList<Silence>> List() => db.Read(async c =>
    {
        var held = (await c.QueryAsync<(string SilenceId, string Body)>("SELECT silence_id, body FROM silence_held ORDER BY id"))
            .ToLookup(h => h.SilenceId, h => RecordsJson.Read<HeldOutput>(h.Body));
        var silences = await c.QueryAsync<string>("SELECT body FROM silences ORDER BY from_ms, id");
        return (IReadOnlyList<Silence>)silences.Select(RecordsJson.Read<Silence>).Select(s => s with { Held = held[s.Id].ToList() }).ToList();
    });

    /// <summary>Silences in force at <paramref name="at"/> that cover the area or any of the sensors.</summary>
    public Task<IReadOnlyList<Silence>> Matching(string area, IReadOnlyCollection<string> sensorIds, DateTimeOffset at) => db.Read(async c =>
    {
        var inForce = await c.QueryAsync<string>("SELECT body FROM silences WHERE from_ms <= @at AND to_ms > @at", new { at = RecordsJson.Ms(at) });
        return (IReadOnlyList<Silence>)inForce.Select(RecordsJson.Read<Silence>)
            .Where(s => s.Covers(at) && (s.CoversArea(area) || s.SensorIds.Any(sensorIds.Contains)))
            .ToList();
    });

    /// <summary>Records what a silence held, and that <paramref name="areaKey"/>'s grain is to be refreshed when it ends.</summary>
    public Task RecordHeld(string silenceId, string areaKey, HeldOutput held) => db.Writer.Write(async (c, tx) =>
    {
        var known = await c.ExecuteAsync("UPDATE silences SET released = 0 WHERE id = @silenceId", new { silenceId }, tx);
        if (known == 0) return;
        await c.ExecuteAsync("INSERT INTO silence_held (silence_id, area_key, body) VALUES (@silenceId, @areaKey, @body)",
            new { silenceId, areaKey, body = RecordsJson.Write(held) }, tx);
    });

    /// <summary>Silences over by <paramref name="now"/> that held something not yet released: each with its end and the area grains to refresh.</summary>
    public Task<IReadOnlyList<(string SilenceId, DateTimeOffset To, IReadOnlyList<string> AreaKeys)>> Ended(DateTimeOffset now) => db.Read(async c =>
    {
        var rows = await c.QueryAsync<(string Id, long To, string AreaKey)>("""
            SELECT DISTINCT s.id, s.to_ms, h.area_key FROM silences s JOIN silence_held h ON h.silence_id = s.id
            WHERE s.released = 0 AND s.to_ms <= @now
            """, new { now = RecordsJson.Ms(now) });
        return (IReadOnlyList<(string, DateTimeOffset, IReadOnlyList<string>)>)rows.GroupBy(r => (r.Id, r.To))
            .Select(g => (g.Key.Id, RecordsJson.At(g.Key.To), (IReadOnlyList<string>)g.Select(r => r.AreaKey).ToList()))
            .ToList();
    });

    public Task Released(string silenceId) => db.Writer.Write((c, tx) =>
        c.ExecuteAsync("UPDATE silences SET released = 1 WHERE id = @silenceId", new { silenceId }, tx));
}
