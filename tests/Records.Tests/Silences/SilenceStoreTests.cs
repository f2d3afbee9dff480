using Warning.Grains.Publication;
using Warning.Records.Silences;
using Warning.Records.Tests.Database;

namespace Warning.Records.Tests.Silences;

public sealed class SilenceStoreTests(Databases databases)
{
    private static readonly DateTimeOffset From = DateTimeOffset.Parse("2026-07-20T08:00:00Z");

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_silence_matches_its_sensors_and_areas_in_its_window_and_is_released_once_after_it_held_something(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new SilenceStore(db, TimeProvider.System);
        var area = await store.Add(new Silence("", [], ["410100"], From, From.AddHours(2), "maintenance", "duty officer", []));
        var sensor = await store.Add(new Silence("", ["G1"], [], From, From.AddHours(1), "gauge repair", "duty officer", []));
        Assert.NotEqual(area.Id, sensor.Id);
        Assert.Equal([area.Id], (await store.Matching("410100001001", ["G9"], From.AddMinutes(5))).Select(s => s.Id));
        Assert.Equal([area.Id, sensor.Id], (await store.Matching("410100001001", ["G1"], From.AddMinutes(5))).Select(s => s.Id).Order());
        Assert.Empty(await store.Matching("420100", ["G9"], From.AddMinutes(5)));
        Assert.Empty(await store.Matching("410100", ["G1"], From.AddHours(3)));

        Assert.Empty(await store.Ended(From.AddHours(3)));             // nothing held: nothing to release
        await store.RecordHeld(area.Id, "410100001001/rainstorm", new HeldOutput(From.AddMinutes(5), "(new)", "red", "Alert held"));
        Assert.Single((await store.List()).Single(s => s.Id == area.Id).Held);
        Assert.Empty(await store.Ended(From.AddHours(1)));             // not over yet
        var ended = Assert.Single(await store.Ended(From.AddHours(3)));
        Assert.Equal((area.Id, From.AddHours(2), "410100001001/rainstorm"), (ended.SilenceId, ended.To, ended.AreaKeys.Single()));
        await store.Released(area.Id);
        Assert.Empty(await store.Ended(From.AddHours(3)));
    }
}
