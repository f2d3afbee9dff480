using Dapper;
using Warning.Grains.Publication;
using Warning.Grains.Warnings;
using Warning.Publication.Outbox;
using Warning.Records.Database;
using Warning.Records.Outbox;
using Warning.Records.PublicWarnings;
using Warning.Records.Tests.Database;

namespace Warning.Records.Tests.PublicWarnings;

public sealed class PublicWarningStoreTests(Databases databases)
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2021-07-20T16:00:00+08:00");

    private static PublicContributor Contributor(int n, string status = WarningStatus.Active) =>
        new($"G{n}-w", $"G{n}", "red", status, At.AddMinutes(n), null, $"gauge {n} red");

    private static PublicWarning Warning(string status, params PublicContributor[] contributors) =>
        new("410100001-rainstorm-1", "410100001", "410100", "rainstorm", "red", status, false, At, At, null, contributors,
            [new PublicWarningVersion(1, "cap-1", At, "Alert", "red", false, [.. contributors.Select(c => c.WarningId)], null, true, null)],
            [new WarningHistoryEntry(At, "red", "issued", "engine")]);

    private static PublicWarningStore Store(RecordsDatabase db) => new(db, new OutboxStore(db, TimeProvider.System, TimeSpan.FromMinutes(1)), TimeProvider.System);

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_contributors_change_writes_its_own_row_and_reads_back_inside_its_public_warning(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = Store(db);
        var issued = Warning(WarningStatus.Active, Contributor(1), Contributor(2));
        await store.Save(new AreaChange("410100001/rainstorm", "{}", issued, issued.Versions[0], issued.Id, issued.Contributors));
        var body = await Body(db, issued.Id);
        Assert.DoesNotContain("gauge 1 red", body, StringComparison.Ordinal);    // contributors are rows, not in the body

        // A third gauge joins at the same level: one row, the public warning's row untouched.
        await store.Save(new AreaChange("410100001/rainstorm", ContributorsOf: issued.Id, Contributors: [Contributor(3)]));
        Assert.Equal(body, await Body(db, issued.Id));
        var read = await store.Get(issued.Id);
        Assert.NotNull(read);
        Assert.Equal(["G1", "G2", "G3"], read.Contributors.Select(c => c.SensorId));
        Assert.Equal(["G1", "G2", "G3"], (await store.List(active: true, area: "4101")).Single().Contributors.Select(c => c.SensorId));
        Assert.Equal([issued.Id], (await store.List(source: "G1-w")).Select(w => w.Id));
        Assert.Empty(await store.List(active: false));
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_body_written_with_its_contributors_inside_still_reads_them_and_rows_override_its_entries(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var legacy = Warning(WarningStatus.Active, Contributor(1), Contributor(2));
        await db.Writer.Write((c, tx) => c.ExecuteAsync(
            "INSERT INTO public_warnings (id, area_key, area, hazard, status, updated, body) VALUES (@Id, 'k', @Area, @Hazard, @Status, 0, @body)",
            new { legacy.Id, legacy.Area, legacy.Hazard, legacy.Status, body = RecordsJson.Write(legacy) }, tx));
        var store = Store(db);
        await store.Save(new AreaChange("k", ContributorsOf: legacy.Id, Contributors: [Contributor(2, WarningStatus.Ended)]));
        var read = (await store.Get(legacy.Id))!;
        Assert.Equal([WarningStatus.Active, WarningStatus.Ended], read.Contributors.Select(c => c.Status));
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task An_unchanged_area_state_and_nothing_else_writes_nothing(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = Store(db);
        await store.Save(new AreaChange("410100001/rainstorm"));
        Assert.Null(await store.LoadArea("410100001/rainstorm"));
        await store.Save(new AreaChange("410100001/rainstorm", "{\"region\":\"410100\"}"));
        Assert.Equal("{\"region\":\"410100\"}", await store.LoadArea("410100001/rainstorm"));
    }

    private static Task<string> Body(RecordsDatabase db, string id) =>
        db.Read(c => c.QuerySingleAsync<string>("SELECT body FROM public_warnings WHERE id = @id", new { id }));
}
