using Warning.Grains.Publication;
using Warning.Grains.Recipients;
using Warning.Records.Recipients;
using Warning.Records.Subscriptions;
using Warning.Records.Tests.Database;

namespace Warning.Records.Tests.Recipients;

/// <summary>Recipients and subscriptions read by area index give what the in-memory rule (AreaCodes.Related) gives.</summary>
public sealed class AreaIndexTests(Databases databases)
{
    private static Recipient Person(string id, params string[] areas) => new(id, id, "+8613800000000", areas, ["villager"], ["sms"], "blue");

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_village_reaches_its_own_people_its_townships_and_its_countys_not_the_neighbours(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new RecipientStore(db);
        await store.Put([Person("village", "410100001001"), Person("neighbour", "410100001002"), Person("township", "410100001"),
            Person("county", "410100"), Person("other-county", "410200"), Person("two-places", "410200", "410100001001")]);
        Assert.Equal(["county", "township", "two-places", "village"], (await store.List("410100001001")).Select(r => r.Id));
        Assert.Equal(["county", "neighbour", "township", "two-places", "village"], (await store.List("410100")).Select(r => r.Id));
        // Moving a person moves their index too.
        await store.Put([Person("village", "410200")]);
        Assert.DoesNotContain("village", (await store.List("410100001001")).Select(r => r.Id));
        Assert.Equal(6, (await store.List(null)).Count);
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task Subscriptions_by_area_include_those_for_every_area(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new SubscriptionStore(db);
        var all = await store.Add(new Subscription("", "http://127.0.0.1/all", [], "blue", "0123456789abcdef"));
        var county = await store.Add(new Subscription("", "http://127.0.0.1/county", ["410100"], "red", "0123456789abcdef"));
        await store.Add(new Subscription("", "http://127.0.0.1/elsewhere", ["420100"], "blue", "0123456789abcdef"));
        Assert.Equal(["sub-1", "sub-2", "sub-3"], (await store.List()).Select(s => s.Id));
        var matched = await store.ForArea("410100001001");
        Assert.Equal([all.Id, county.Id], matched.Select(s => s.Id));
        Assert.All(matched, s => Assert.True(s.CoversArea("410100001001")));
    }
}
