using Dapper;
using Warning.Publication.Areas;
using Warning.Records.Database;
using Warning.Rules.Areas;

namespace Warning.Records.Areas;

/// <summary>
/// Areas with names and boundaries (<c>PUT /api/areas/{code}</c>), in the records database so every silo sees the
/// same. Few (a county has some hundreds of villages) and read whole by the dashboard; CAP reads the two or three it
/// names.
/// </summary>
public sealed class AreaStore(RecordsDatabase db, TimeProvider time)
{
    private const string Columns = "code, name, parent, polygon, updated";

    /// <summary>Stores the area, replacing what was put for its code before; answers it as stored.</summary>
    public async Task<Area> Put(string code, string name, string? parent, string? polygon)
    {
        var area = new Area(code, name, parent, polygon, DateTimeOffset.FromUnixTimeMilliseconds(RecordsJson.Ms(time.GetUtcNow())));
        await db.Writer.Write((c, tx) => c.ExecuteAsync($"""
            INSERT INTO areas ({Columns}) VALUES (@code, @name, @parent, @polygon, @updated)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent = excluded.parent, polygon = excluded.polygon, updated = excluded.updated
            """, new { code, name, parent, polygon, updated = RecordsJson.Ms(area.Updated) }, tx));
        return area;
    }

    /// <summary>One area, or null when none was put for <paramref name="code"/>.</summary>
    public Task<Area?> Get(string code) => db.Read(async c =>
        (await c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM areas WHERE code = @code", new { code }))?.ToArea());

    /// <summary>
    /// Areas by code: those directly under <paramref name="parent"/> when given, those whose code starts with
    /// <paramref name="prefix"/> when given (the area itself included), both when both, all otherwise.
    /// </summary>
    public Task<IReadOnlyList<Area>> List(string? parent = null, string? prefix = null) => db.Read(async c =>
    {
        var where = new List<string>();
        if (parent is not null) where.Add("parent = @parent");
        if (prefix is not null) where.Add("code >= @prefix AND code < @prefixEnd");
        var sql = $"SELECT {Columns} FROM areas{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")} ORDER BY code";
        var rows = await c.QueryAsync<Row>(sql, new { parent, prefix, prefixEnd = prefix is null ? null : AreaCodes.End(prefix) });
        return (IReadOnlyList<Area>)rows.Select(r => r.ToArea()).ToList();
    });

    /// <summary>
    /// The areas among <paramref name="codes"/> that were put, as publication knows them (name and boundary), for
    /// CAP's <c>areaDesc</c> and <c>polygon</c>.
    /// </summary>
    public Task<IReadOnlyDictionary<string, KnownArea>> Known(IEnumerable<string> codes)
    {
        var wanted = codes.Distinct(StringComparer.Ordinal).ToArray();
        if (wanted.Length == 0) return Task.FromResult<IReadOnlyDictionary<string, KnownArea>>(new Dictionary<string, KnownArea>());
        return db.Read(async c =>
        {
            var rows = await c.QueryAsync<Row>($"SELECT {Columns} FROM areas WHERE {db.AnyOf("code", "wanted")}", new { wanted });
            return (IReadOnlyDictionary<string, KnownArea>)rows.ToDictionary(r => r.Code,
                r => new KnownArea(r.Code, r.Name, r.Polygon is null ? null : AreaBoundary.FromStored(r.Polygon)), StringComparer.Ordinal);
        });
    }

    private sealed record Row(string Code, string Name, string? Parent, string? Polygon, long Updated)
    {
        public Area ToArea() => new(Code, Name, Parent, Polygon, RecordsJson.At(Updated));
    }
}
