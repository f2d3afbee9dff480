using Dapper;
using Warning.Grains.Recipients;
using Warning.Records.Database;
using Warning.Rules.Areas;

namespace Warning.Records.Recipients;

/// <summary>
/// The named lists, indexed by the areas each recipient covers: a version's fan-out reads only its area's people
/// (those of the area itself, of the places above it and of the places in it — <see cref="AreaCodes.Related"/>).
/// </summary>
public sealed class RecipientStore(RecordsDatabase db)
{
    public Task Put(IReadOnlyList<Recipient> recipients) => db.Writer.Write(async (c, tx) =>
    {
        foreach (var r in recipients)
        {
            await c.ExecuteAsync("INSERT INTO recipients (id, body) VALUES (@id, @body) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                new { id = r.Id, body = RecordsJson.Write(r) }, tx);
            await c.ExecuteAsync("DELETE FROM recipient_areas WHERE recipient_id = @id", new { id = r.Id }, tx);
            foreach (var area in r.Areas.Distinct())
                await c.ExecuteAsync("INSERT INTO recipient_areas (area, recipient_id) VALUES (@area, @id)", new { area, id = r.Id }, tx);
            await c.ExecuteAsync("DELETE FROM recipient_phones WHERE recipient_id = @id", new { id = r.Id }, tx);
            if (r.Phone is { } phone)
                await c.ExecuteAsync("INSERT INTO recipient_phones (phone, recipient_id) VALUES (@phone, @id)", new { phone, id = r.Id }, tx);
        }
    });

    /// <summary>
    /// Those whose number is <paramref name="phone"/> (by the phone index), ordered by id. Entries put before migration
    /// 0006 are indexed when they are put again.
    /// </summary>
    public Task<IReadOnlyList<Recipient>> ByPhone(string phone) => db.Read(async c =>
        (IReadOnlyList<Recipient>)(await c.QueryAsync<string>(
            "SELECT body FROM recipients WHERE id IN (SELECT recipient_id FROM recipient_phones WHERE phone = @phone) ORDER BY id", new { phone }))
            .Select(RecordsJson.Read<Recipient>).ToList());

    /// <summary>Everyone whose areas are related to <paramref name="area"/>; everyone when null. Ordered by id.</summary>
    public Task<IReadOnlyList<Recipient>> List(string? area) => db.Read(async c =>
    {
        var rows = area is null
            ? await c.QueryAsync<string>("SELECT body FROM recipients ORDER BY id")
            : await c.QueryAsync<string>($"""
                SELECT body FROM recipients WHERE id IN (
                  SELECT recipient_id FROM recipient_areas WHERE {db.AnyOf("area", "covering")} OR (area >= @area AND area < @areaEnd))
                ORDER BY id
                """, new { covering = AreaCodes.Covering(area).ToArray(), area, areaEnd = AreaCodes.End(area) });
        return (IReadOnlyList<Recipient>)rows.Select(RecordsJson.Read<Recipient>).ToList();
    });
}
