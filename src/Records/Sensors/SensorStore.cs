using Dapper;
using Warning.Records.Database;

namespace Warning.Records.Sensors;

/// <summary>Sensors registered through <c>PUT /api/sensors/{id}</c>, as the JSON entry that was put (validated by the registry).</summary>
public sealed class SensorStore(RecordsDatabase db, TimeProvider time)
{
    public Task<IReadOnlyDictionary<string, string>> All() => db.Read(async c =>
        (IReadOnlyDictionary<string, string>)(await c.QueryAsync<(string Id, string Body)>("SELECT id, body FROM sensors ORDER BY id"))
            .ToDictionary(r => r.Id, r => r.Body, StringComparer.Ordinal));

    /// <summary>One entry, or null when none was put for <paramref name="id"/>.</summary>
    public Task<string?> Get(string id) => db.Read(c =>
        c.QuerySingleOrDefaultAsync<string?>("SELECT body FROM sensors WHERE id = @id", new { id }));

    /// <summary>Entries put (or put again) after <paramref name="sinceMs"/> (wall-clock ms), with when.</summary>
    public Task<IReadOnlyList<(string Id, string Body, long Updated)>> ChangedSince(long sinceMs) => db.Read(async c =>
        (IReadOnlyList<(string Id, string Body, long Updated)>)(await c.QueryAsync<(string Id, string Body, long Updated)>(
            "SELECT id, body, updated FROM sensors WHERE updated > @sinceMs ORDER BY updated", new { sinceMs })).ToList());

    public Task Put(string id, string body) => db.Writer.Write((c, tx) => c.ExecuteAsync("""
        INSERT INTO sensors (id, updated, body) VALUES (@id, @updated, @body)
        ON CONFLICT (id) DO UPDATE SET updated = excluded.updated, body = excluded.body
        """, new { id, updated = RecordsJson.Ms(time.GetUtcNow()), body }, tx));
}
