using Warning.Records.Areas;
using Warning.Records.Tests.Database;

namespace Warning.Records.Tests.Areas;

public sealed class AreaStoreTests(Databases databases)
{
    private const string Square = """{"type":"Polygon","coordinates":[[[105.6,34.8],[105.7,34.8],[105.7,34.9],[105.6,34.8]]]}""";

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task Areas_are_put_replaced_and_listed_by_parent_and_by_prefix_and_known_with_their_boundary(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new AreaStore(db, TimeProvider.System);
        await store.Put("620522", "某某县", null, null);
        await store.Put("620522100", "城关镇", "620522", null);
        await store.Put("620522100201", "张家村", "620522100", "{}");
        await store.Put("620522100201", "张家村", "620522100", Square);   // replaced
        await store.Put("620523", "另一县", null, null);

        Assert.Equal(Square, (await store.Get("620522100201"))!.Polygon);
        Assert.Null(await store.Get("620522100202"));
        Assert.Equal(["620522100"], (await store.List(parent: "620522")).Select(a => a.Code));
        Assert.Equal(["620522", "620522100", "620522100201"], (await store.List(prefix: "620522")).Select(a => a.Code));
        Assert.Equal(5 - 1, (await store.List()).Count);

        var known = await store.Known(["620522100201", "620522", "999999"]);
        Assert.Equal(["620522", "620522100201"], known.Keys.Order());
        Assert.Equal("张家村", known["620522100201"].Name);
        Assert.Single(known["620522100201"].Boundary!.OuterRings);
        Assert.Null(known["620522"].Boundary);
    }
}
