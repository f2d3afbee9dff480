using Microsoft.Extensions.Logging.Abstractions;
using Warning.Records.Database;
using Warning.Tests.Shared;

[assembly: AssemblyFixture(typeof(Warning.Records.Tests.Database.Databases))]

namespace Warning.Records.Tests.Database;

/// <summary>
/// One real PostgreSQL server for the whole run (started by the tests, on a free port) with a fresh database per test,
/// and a fresh SQLite file per test: every records test runs against both providers.
/// </summary>
public sealed class Databases : IAsyncLifetime
{
    public static readonly TheoryData<string> Providers = new(RecordsProviders.Sqlite, RecordsProviders.Postgres);

    private PostgresServer? _postgres;
    private readonly List<string> _dirs = [];

    public async ValueTask InitializeAsync() => _postgres = await PostgresServer.StartNew();

    /// <summary>A new, empty, migrated records database of <paramref name="provider"/>.</summary>
    public async Task<Target> Create(string provider)
    {
        var dir = Directory.CreateTempSubdirectory("warning-records-").FullName;
        lock (_dirs) _dirs.Add(dir);
        var connection = provider == RecordsProviders.Postgres ? await _postgres!.CreateDatabase($"t{Guid.NewGuid():N}") : null;
        return new Target(provider, connection, dir);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var dir in _dirs) { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } }
    }

    /// <summary>Where a test's records live; <see cref="Open"/> opens them as a process would (again after a "restart").</summary>
    public sealed record Target(string Provider, string? ConnectionString, string DataDir)
    {
        public async Task<RecordsDatabase> Open(string? owner = null)
        {
            var db = new RecordsDatabase(new RecordsOptions { Provider = Provider, ConnectionString = ConnectionString, Owner = owner ?? "test-silo" },
                DataDir, flushToDisk: true, NullLoggerFactory.Instance);
            await db.Migrate();
            return db;
        }
    }
}
