using Dapper;
using Warning.Records.Audit;

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
}
