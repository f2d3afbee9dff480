using Dapper;
using Warning.Grains.Publication;
using Warning.Records.Database;
using Warning.Rules.Areas;

namespace Warning.Records.Subscriptions;

/// <summary>Webhook subscriptions, indexed by area like the recipients ('' stands for a subscription to every area).</summary>
public sealed class SubscriptionStore(RecordsDatabase db)
{
    public Task<Subscription> Add(Subscription subscription) => db.Writer.Write(async (c, tx) =>
    {
        var number = await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(number), 0) + 1 FROM subscriptions", transaction: tx);
        var stored = subscription with { Id = $"sub-{number}" };
        await c.ExecuteAsync("INSERT INTO subscriptions (id, number, body) VALUES (@id, @number, @body)", new { id = stored.Id, number, body = RecordsJson.Write(stored) }, tx);
        foreach (var area in stored.Areas.Count == 0 ? [""] : stored.Areas.Distinct())
            await c.ExecuteAsync("INSERT INTO subscription_areas (area, subscription_id) VALUES (@area, @id)", new { area, id = stored.Id }, tx);
        return stored;
    });

    public Task<IReadOnlyList<Subscription>> List() => db.Read(async c =>
        (IReadOnlyList<Subscription>)(await c.QueryAsync<string>("SELECT body FROM subscriptions ORDER BY number")).Select(RecordsJson.Read<Subscription>).ToList());

    /// <summary>The subscriptions that cover <paramref name="area"/> (<see cref="Subscription.CoversArea"/>), read by index.</summary>
    public Task<IReadOnlyList<Subscription>> ForArea(string area) => db.Read(async c =>
        (IReadOnlyList<Subscription>)(await c.QueryAsync<string>($"""
            SELECT body FROM subscriptions WHERE id IN (
              SELECT subscription_id FROM subscription_areas WHERE {db.AnyOf("area", "covering")} OR (area >= @area AND area < @areaEnd))
            ORDER BY number
            """, new { covering = AreaCodes.Covering(area).Prepend("").ToArray(), area, areaEnd = AreaCodes.End(area) }))
            .Select(RecordsJson.Read<Subscription>).ToList());
}
