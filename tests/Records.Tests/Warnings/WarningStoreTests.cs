using Warning.Grains.Warnings;
using Warning.Records.Database;
using Warning.Records.Tests.Database;
using Warning.Records.Warnings;

namespace Warning.Records.Tests.Warnings;

public sealed class WarningStoreTests(Databases databases)
{
    private static readonly DateTimeOffset Day = DateTimeOffset.Parse("2021-07-20T00:00:00+08:00");

    internal static WarningRecord Warning(int n, string region = "410100", string level = "red", string status = WarningStatus.Active,
        string kind = "rain", string[]? areas = null, DateTimeOffset? onset = null)
    {
        var at = onset ?? Day.AddMinutes(n);
        return new WarningRecord($"G{n:D5}-{at.UtcDateTime:yyyyMMddTHHmmssZ}", $"G{n:D5}", kind, kind == "rain" ? "cma-rainstorm" : "gbt50493", level, status, false,
            at, at, null, areas ?? [$"{region}001001"], region, "headline", "description", null,
            [new WarningHistoryEntry(at, level, "issued", "engine")]);
    }

    internal static StoredWarning Stored(WarningRecord w, DateTimeOffset? handoverDue = null) => new(w, w, new Approval(), handoverDue);

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_change_rewrites_only_its_own_row_and_reads_back_as_stored(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new WarningStore(db);
        var first = Warning(1, level: "orange");
        await store.Save(Stored(first));
        var upgraded = first with { Level = "red", History = [.. first.History, new WarningHistoryEntry(Day.AddHours(1), "red", "upgraded", "engine")] };
        var approval = new Approval { ApprovedLevel = "red", Actions = [new WarningHistoryEntry(Day.AddHours(2), "red", "approved", "duty officer")] };
        await store.Save(new StoredWarning(approval.Apply(upgraded, WarningStatus.Active, null), upgraded, approval, Day));
        var read = await store.Get(first.Id);
        Assert.NotNull(read);
        Assert.Equal("red", read.Visible.Level);
        // What people see is the engine's version with the operators' actions after it, derived on read.
        Assert.Equal(["issued", "upgraded", "approved"], read.Visible.History.Select(h => h.Action));
        Assert.Equal(["issued", "upgraded"], read.Engine.History.Select(h => h.Action));
        Assert.Equal(read.Visible, await store.GetVisible(first.Id), new VisibleComparer());
        Assert.Equal("red", read.Approval.ApprovedLevel);
        Assert.Null(read.HandoverDue);                                 // a row of its own, handed to the sweeper
        Assert.Equal([(first.Id, Day)], await store.DueHandovers(Day, 10));
        Assert.Equal(first.Onset, read.Visible.Onset);
        Assert.Null(await store.GetVisible("no-such-warning"));
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task An_update_over_the_version_before_changes_what_changed_and_keeps_the_rest(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new WarningStore(db);
        var pending = Warning(1, level: "orange", status: WarningStatus.PendingApproval) with { ApprovalDue = Day.AddMinutes(30) };
        await store.Save(Stored(pending));
        Assert.Single(await store.DueApprovals(Day.AddHours(1), 10));

        // Escalated: status and approval due change, onset stays.
        var released = pending with { Status = WarningStatus.Active, ApprovalDue = null };
        await store.Save(Stored(released), pending);
        Assert.Empty(await store.DueApprovals(Day.AddHours(1), 10));
        Assert.Equal(WarningStatus.Active, (await store.GetVisible(pending.Id))!.Status);
        Assert.Single((await store.Query(new WarningQuery(Active: true, From: pending.Onset, To: pending.Onset.AddSeconds(1)))).Warnings);

        // Upgraded: the onset moves to when red was first reached, and the onset queries follow it.
        var red = released with { Level = "red", Onset = Day.AddHours(2) };
        await store.Save(Stored(red), released);
        Assert.Empty((await store.Query(new WarningQuery(From: pending.Onset, To: pending.Onset.AddSeconds(1)))).Warnings);
        Assert.Equal("red", (await store.Query(new WarningQuery(Region: "4101", From: Day.AddHours(2)))).Warnings.Single().Level);
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_first_version_is_inserted_only_where_no_row_is_and_then_writes_nothing(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new WarningStore(db);
        var first = Warning(1, status: WarningStatus.PendingApproval);
        var approved = new Approval { ApprovedLevel = "red", Actions = [new WarningHistoryEntry(Day.AddMinutes(5), "red", "approved", "duty officer")] };
        Assert.True(await store.Insert(Stored(first)));
        await store.Save(new StoredWarning(approved.Apply(first, WarningStatus.Active, null), first, approved, Day), first);
        // The same warning's first version again (its sensor after a crash): refused, the operator's approval kept.
        Assert.False(await store.Insert(Stored(first, handoverDue: Day.AddDays(1))));
        var read = (await store.Get(first.Id))!;
        Assert.Equal("red", read.Approval.ApprovedLevel);
        Assert.Equal(WarningStatus.Active, read.Visible.Status);
        Assert.Equal([(first.Id, Day)], await store.DueHandovers(Day.AddDays(2), 10));
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task Queries_filter_by_region_prefix_area_level_status_hazard_and_onset_newest_first(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new WarningStore(db);
        await store.Save(Stored(Warning(1, region: "410100")));
        await store.Save(Stored(Warning(2, region: "410102", level: "blue")));
        await store.Save(Stored(Warning(3, region: "420100", status: WarningStatus.Ended)));
        await store.Save(Stored(Warning(4, region: "410100", kind: "chemical", areas: ["410100007"])));
        await store.Save(Stored(Warning(5, region: "410100", onset: Day.AddDays(1))));

        static IEnumerable<string> Ids(WarningPage p) => p.Warnings.Select(w => w.SensorId);
        Assert.Equal(["G00005", "G00004", "G00002", "G00001"], Ids(await store.Query(new WarningQuery(Region: "4101"))));
        Assert.Equal(["G00002"], Ids(await store.Query(new WarningQuery(Region: "410102"))));
        Assert.Equal(["G00004"], Ids(await store.Query(new WarningQuery(Area: "410100007"))));
        Assert.Equal(["G00004"], Ids(await store.Query(new WarningQuery(Hazard: "chemical"))));
        Assert.Equal(["G00002"], Ids(await store.Query(new WarningQuery(Level: "blue"))));
        Assert.Equal(["G00003"], Ids(await store.Query(new WarningQuery(Status: WarningStatus.Ended))));
        Assert.Equal(["G00003"], Ids(await store.Query(new WarningQuery(Active: false))));
        Assert.Equal(["G00004", "G00003", "G00002", "G00001"], Ids(await store.Query(new WarningQuery(From: Day, To: Day.AddDays(1)))));
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task Pages_follow_each_other_without_gaps_or_repeats(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new WarningStore(db);
        // Several warnings share an onset: the id breaks the tie, so no page boundary loses one.
        await Task.WhenAll(Enumerable.Range(1, 95).Select(n => store.Save(Stored(Warning(n, onset: Day.AddMinutes(n / 4))))));
        var seen = new List<string>();
        var page = await store.Query(new WarningQuery(Limit: 10));
        seen.AddRange(page.Warnings.Select(w => w.Id));
        while (page.Next is { } next)
        {
            page = await store.Query(new WarningQuery(Limit: 10, After: next));
            seen.AddRange(page.Warnings.Select(w => w.Id));
        }
        Assert.Equal(95, seen.Count);
        Assert.Equal(95, seen.Distinct().Count());
        Assert.Equal(95, (await store.All(new WarningQuery())).Count);
        Assert.Throws<FormatException>(() => store.Query(new WarningQuery(After: "not-a-cursor")).GetAwaiter().GetResult());
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task Due_approvals_and_handovers_are_found_by_their_time_and_cleared_once_handed_over(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new WarningStore(db);
        var now = DateTimeOffset.Parse("2026-12-06T08:00:00Z");
        await store.Save(Stored(Warning(1, status: WarningStatus.PendingApproval) with { ApprovalDue = now.AddSeconds(-1) }));
        await store.Save(Stored(Warning(2, status: WarningStatus.PendingApproval) with { ApprovalDue = now.AddMinutes(5) }));
        await store.Save(Stored(Warning(3), handoverDue: now.AddSeconds(-30)));
        Assert.Equal([Warning(1).Id], await store.DueApprovals(now, 100));
        Assert.Equal([(Warning(3).Id, now.AddSeconds(-30))], await store.DueHandovers(now, 100));
        await store.HandedOver(Warning(3).Id, now);                  // another change's hand-over: this one stays due
        Assert.Single(await store.DueHandovers(now, 100));
        await store.HandedOver(Warning(3).Id, now.AddSeconds(-30));
        Assert.Empty(await store.DueHandovers(now, 100));
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task The_stored_engine_version_leaves_its_columns_out_and_reads_back_whole(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new WarningStore(db);
        var warning = Warning(7, region: "620522", areas: ["620522100004"]);
        await store.Save(Stored(warning));
        var engine = await db.Read(c => Dapper.SqlMapper.ExecuteScalarAsync<string>(c, "SELECT engine FROM warnings WHERE id = @id", new { id = warning.Id }));
        // The id, sensor, kind and region are the row's columns, not written again in its JSON.
        using (var json = System.Text.Json.JsonDocument.Parse(engine!))
        {
            foreach (var column in new[] { "id", "sensorId", "kind", "region", "exercise" }) Assert.False(json.RootElement.TryGetProperty(column, out _), column);
            Assert.Equal("headline", json.RootElement.GetProperty("headline").GetString());
        }
        Assert.DoesNotContain("cancelled", await db.Read(c => Dapper.SqlMapper.ExecuteScalarAsync<string>(c, "SELECT approval FROM warnings WHERE id = @id", new { id = warning.Id })));
        var read = await store.Get(warning.Id);
        Assert.Equal(warning, read!.Engine, new VisibleComparer());
        Assert.False(read.Engine.Exercise);
        Assert.False(read.Approval.Cancelled);
        // An exercise and a cancelled warning say so.
        var exercise = Warning(8) with { Exercise = true };
        await store.Save(new StoredWarning(exercise, exercise, new Approval { Cancelled = true }, null));
        Assert.True((await store.Get(exercise.Id))!.Engine.Exercise);
        Assert.True((await store.Get(exercise.Id))!.Approval.Cancelled);
        Assert.Equal(warning, read.Visible, new VisibleComparer());
        Assert.Equal(warning, (await store.Query(new WarningQuery(Area: "620522100004"))).Warnings.Single(), new VisibleComparer());
        Assert.Equal(warning, (await store.Query(new WarningQuery(SensorId: warning.SensorId))).Warnings.Single(), new VisibleComparer());
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task Warnings_of_one_onset_list_by_id_newest_first_in_whatever_order_they_were_stored(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var store = new WarningStore(db);
        // A storm: many warnings of one event-time minute, stored in an order unrelated to their ids (the onset index
        // keeps them in insertion order; the listing still sorts them by id).
        var onset = Day.AddHours(16);
        var numbers = Enumerable.Range(1, 60).OrderBy(n => (n * 37) % 61).ToList();
        foreach (var n in numbers) await store.Save(Stored(Warning(n, onset: onset)));
        await store.Save(Stored(Warning(100, onset: onset.AddMinutes(1))));
        await store.Save(Stored(Warning(101, onset: onset.AddMinutes(-1))));
        var expected = new[] { Warning(100, onset: onset.AddMinutes(1)).Id }
            .Concat(Enumerable.Range(1, 60).Select(n => Warning(n, onset: onset).Id).OrderByDescending(id => id, StringComparer.Ordinal))
            .Append(Warning(101, onset: onset.AddMinutes(-1)).Id).ToList();
        var seen = new List<string>();
        var page = await store.Query(new WarningQuery(Limit: 7));
        seen.AddRange(page.Warnings.Select(w => w.Id));
        while (page.Next is { } next)
        {
            page = await store.Query(new WarningQuery(Limit: 7, After: next));
            seen.AddRange(page.Warnings.Select(w => w.Id));
        }
        Assert.Equal(expected, seen);
        Assert.Equal(expected.Skip(1).Take(60), (await store.Query(new WarningQuery(From: onset, To: onset.AddSeconds(1)))).Warnings.Select(w => w.Id));
    }

    [Fact]
    public async Task The_listings_queries_are_answered_from_indexes()
    {
        await using var db = await (await databases.Create("sqlite")).Open();
        var store = new WarningStore(db);
        await Task.WhenAll(Enumerable.Range(1, 200).Select(n => store.Save(Stored(Warning(n, region: n % 2 == 0 ? "410100" : "420100")))));
        // SQLite's plan, one detail per row (the history bench holds PostgreSQL's and SQLite's times).
        async Task<string> Explain(string sql) => string.Join(" / ", (await db.Read(c => Dapper.SqlMapper.QueryAsync(c, "EXPLAIN QUERY PLAN " + sql))).Select(r => (string)((IDictionary<string, object>)r)["detail"]));
        const string columns = "SELECT engine, approval, status, onset, id FROM warnings";
        // Newest first, unfiltered: the onset index, the ties of one onset sorted by id.
        Assert.Contains("USING INDEX ix_warnings_onset", await Explain($"{columns} ORDER BY onset DESC, id DESC LIMIT 1001"));
        Assert.Contains("USING INDEX ix_warnings_onset", await Explain($"{columns} WHERE onset >= 0 AND onset < 86400000 ORDER BY onset DESC, id DESC LIMIT 1001"));
        Assert.Matches("USING INDEX (ix_warnings_region_onset|ix_warnings_onset)",
            await Explain($"{columns} WHERE region >= '4101' AND region < '4102' AND onset >= 0 AND onset < 86400000 ORDER BY onset DESC, id DESC LIMIT 1001"));
        Assert.Contains("ix_warnings_sensor", await Explain($"{columns} WHERE sensor_id = 'G00001' ORDER BY onset DESC, id DESC LIMIT 1001"));
        Assert.Contains("warning_areas", await Explain($"{columns} WHERE id IN (SELECT warning_id FROM warning_areas WHERE area >= '4101' AND area < '4102') ORDER BY onset DESC, id DESC"));
        Assert.DoesNotContain("SCAN warning_areas", await Explain($"{columns} WHERE id IN (SELECT warning_id FROM warning_areas WHERE area >= '4101' AND area < '4102') ORDER BY onset DESC, id DESC"));
        Assert.Contains("ix_warnings_approval_due", await Explain("SELECT id FROM warnings WHERE approval_due IS NOT NULL AND approval_due <= 5 ORDER BY approval_due LIMIT 5"));
    }

    /// <summary>Records holding lists compare by reference; the JSON says whether two read the same.</summary>
    private sealed class VisibleComparer : IEqualityComparer<WarningRecord?>
    {
        public bool Equals(WarningRecord? x, WarningRecord? y) => RecordsJson.Write(x) == RecordsJson.Write(y);

        public int GetHashCode(WarningRecord? obj) => 0;
    }
}
