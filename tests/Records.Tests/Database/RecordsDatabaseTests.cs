using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Warning.Records.Audit;
using Warning.Records.Database;
using Warning.Grains.Warnings;
using Warning.Records.Warnings;
using Warning.Records.Tests.Warnings;

namespace Warning.Records.Tests.Database;

public sealed class RecordsDatabaseTests(Databases databases)
{
    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task Migrations_apply_once_even_when_processes_start_together(string provider)
    {
        var target = await databases.Create(provider);
        var opened = await Task.WhenAll(Enumerable.Range(0, provider == "postgres" ? 3 : 1).Select(i => target.Open($"silo-{i}")));
        await using var again = await target.Open();
        var versions = await again.Read(c => c.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Equal(Warning.Records.Database.RecordsDatabase.Migrations().Select(m => m.Version), versions);
        foreach (var db in opened) await db.DisposeAsync();
    }

    [Fact]
    public async Task A_new_sqlite_file_gets_small_pages_and_a_write_ahead_log()
    {
        await using var db = await (await databases.Create("sqlite")).Open();
        Assert.Equal(Warning.Records.Database.RecordsDatabase.SqlitePageSize, await db.Read(c => c.ExecuteScalarAsync<int>("PRAGMA page_size")));
        Assert.Equal("wal", await db.Read(c => c.ExecuteScalarAsync<string>("PRAGMA journal_mode")));
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task Concurrent_writes_share_commits_and_each_caller_learns_its_own_outcome(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var audit = new AuditStore(db);
        var before = db.Writer.Committed;
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => audit.Append(DateTimeOffset.UnixEpoch.AddSeconds(i), $"actor-{i % 7}", $"{{\"n\":{i}}}")));
        var transactions = db.Writer.Committed - before;
        Assert.InRange(transactions, 1, 1000);   // grouped: far fewer transactions than writes
        Assert.Equal(2000, (await audit.Read(null, null, 10_000)).Count);

        // One bad write in a group fails alone; the others in its group commit.
        var good = audit.Append(DateTimeOffset.UnixEpoch, "good", "{}");
        var bad = db.Writer.Write((c, tx) => c.ExecuteAsync("INSERT INTO no_such_table VALUES (1)", transaction: tx));
        var alsoGood = audit.Append(DateTimeOffset.UnixEpoch, "good", "{}");
        await Assert.ThrowsAnyAsync<Exception>(() => bad);
        await Task.WhenAll(good, alsoGood);
        Assert.Equal(2, (await audit.Read("good", null, 10)).Count);
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_database_an_older_engine_left_upgrades_with_its_warnings_and_their_areas(string provider)
    {
        var target = await databases.Create(provider);
        var options = new RecordsOptions { Provider = target.Provider, ConnectionString = target.ConnectionString, Owner = "old-silo" };
        var old = WarningStoreTests.Warning(3, region: "620522", areas: ["620522100004", "620522100005"]);
        await using (var before = new RecordsDatabase(options, target.DataDir, flushToDisk: true, NullLoggerFactory.Instance))
        {
            // As migration 9 left it, with a row as the engine before 10 wrote it: the whole engine version in its JSON.
            await before.Migrate(through: 9);
            await before.Writer.Write(async (c, tx) =>
            {
                await c.ExecuteAsync("""
                    INSERT INTO warnings (id, sensor_id, kind, hazard, level, status, region, onset, updated, approval_due, engine, approval)
                    VALUES (@Id, @SensorId, @Kind, 'rainstorm', @Level, @Status, @Region, @Onset, @Onset, NULL, @Engine, '{"cancelled":false,"actions":[]}')
                    """, new { old.Id, old.SensorId, old.Kind, old.Level, old.Status, old.Region, Onset = old.Onset.ToUnixTimeMilliseconds(), Engine = RecordsJson.Write(old) }, tx);
                await c.ExecuteAsync("INSERT INTO warning_areas (area, warning_id) VALUES (@area, @id)", old.Areas.Select(area => new { area, id = old.Id }), tx);
                return 0;
            });
        }
        await using var db = await target.Open();
        Assert.Contains(10, await db.Read(c => c.QueryAsync<int>("SELECT version FROM schema_migrations")));
        var store = new WarningStore(db);
        Assert.Equal(RecordsJson.Write(old), RecordsJson.Write((await store.Get(old.Id))!.Engine));
        Assert.Equal([old.Id], (await store.Query(new WarningQuery(Area: "620522100005"))).Warnings.Select(w => w.Id));
        Assert.Equal([old.Id], (await store.Query(new WarningQuery(Region: "6205", From: old.Onset))).Warnings.Select(w => w.Id));
        // The onset index is on the onset alone now, and a warning's areas one keyed table.
        var onsetIndex = provider == RecordsProviders.Postgres
            ? await db.Read(c => c.ExecuteScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_warnings_onset'"))
            : await db.Read(c => c.ExecuteScalarAsync<string>("SELECT sql FROM sqlite_schema WHERE name = 'ix_warnings_onset'"));
        Assert.Matches(@"\(onset\)$", onsetIndex!.Trim());
        if (provider == RecordsProviders.Sqlite)
            Assert.Contains("WITHOUT ROWID", await db.Read(c => c.ExecuteScalarAsync<string>("SELECT sql FROM sqlite_schema WHERE name = 'warning_areas'")));
        // A new warning goes on beside the old one.
        var next = WarningStoreTests.Warning(4, region: "620522", areas: ["620522100005"]);
        await store.Save(WarningStoreTests.Stored(next));
        Assert.Equal([next.Id, old.Id], (await store.Query(new WarningQuery(Area: "620522100005"))).Warnings.Select(w => w.Id));
    }
}
