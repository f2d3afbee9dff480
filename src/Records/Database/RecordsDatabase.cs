using System.Data.Common;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Warning.Records.Database;

/// <summary>
/// The records database: opens connections for either provider, applies the versioned migrations at start (one
/// schema for both, with the few words that differ filled in per provider), and owns the process's
/// <see cref="RecordsWriter"/>, through which every write goes as part of a group commit.
/// </summary>
public sealed class RecordsDatabase : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;

    public RecordsDatabase(RecordsOptions options, string dataDir, bool flushToDisk, ILoggerFactory logs)
    {
        Provider = options.Provider;
        Owner = options.Owner ?? $"{Environment.MachineName}:{Path.GetFullPath(dataDir)}";
        if (IsPostgres)
        {
            _connectionString = options.ConnectionString!;
            _postgres = NpgsqlDataSource.Create(_connectionString);
        }
        else
        {
            var source = options.ConnectionString ?? Path.Combine(Path.GetFullPath(dataDir), "records.db");
            var builder = new SqliteConnectionStringBuilder(source.Contains('=') ? source : $"Data Source={source}")
            {
                Pooling = true,
                DefaultTimeout = 60,
            };
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(builder.DataSource))!);
            _connectionString = builder.ToString();
        }
        Writer = new RecordsWriter(this, options.MaxBatch, flushToDisk, logs.CreateLogger<RecordsWriter>());
    }

    public const int SqlitePageSize = 1024;

    public string Provider { get; }

    public bool IsPostgres => Provider == RecordsProviders.Postgres;

    /// <summary>This process's name in outbox leases.</summary>
    public string Owner { get; }

    public RecordsWriter Writer { get; }

    public async Task<DbConnection> Open(CancellationToken ct = default)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(ct);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using (var memoryTemp = connection.CreateCommand())
        {
            memoryTemp.CommandText = "PRAGMA temp_store=MEMORY";
            await memoryTemp.ExecuteNonQueryAsync(ct);
        }
        return connection;
    }

    /// <summary>Runs a read on a connection of its own (SQLite in WAL mode reads beside the writer).</summary>
    public async Task<T> Read<T>(Func<DbConnection, Task<T>> read, CancellationToken ct = default)
    {
        await using var connection = await Open(ct);
        return await read(connection);
    }

    /// <summary>
    /// SQLite: copies every page the write-ahead log holds into the database file now, as the writer's automatic
    /// checkpoint does once the log has grown (returns the log's frames and those copied); nothing on PostgreSQL.
    /// </summary>
    public Task<(long Logged, long Copied)> Checkpoint(CancellationToken ct = default) => IsPostgres
        ? Task.FromResult((0L, 0L))
        : Read(async c => (await c.QueryAsync<(long Busy, long Logged, long Copied)>("PRAGMA wal_checkpoint(PASSIVE)")).Select(r => (r.Logged, r.Copied)).Single(), ct);

    /// <summary>
    /// <c>column</c> equals one of the array parameter <c>@parameter</c>: PostgreSQL takes the array as it is, SQLite
    /// gets the list spelled out by Dapper.
    /// </summary>
    public string AnyOf(string column, string parameter) => IsPostgres ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    /// <summary>Applies the migrations this database has not had yet, in order, each in its own transaction.</summary>
    public Task Migrate(CancellationToken ct = default) => Migrate(int.MaxValue, ct);

    /// <summary>Applies those up to version <paramref name="through"/> only: a database as an older engine left it (upgrade tests).</summary>
    public async Task Migrate(int through, CancellationToken ct = default)
    {
        await using var connection = await Open(ct);
        // Silos starting together: one migrates, the others wait for it and then find every version there.
        if (IsPostgres) await connection.ExecuteAsync("SELECT pg_advisory_lock(74201)");
        // A new SQLite file gets 1 KB pages: the write-ahead log takes a whole page for each one a commit touches, and
        // most of what a change touches is an index entry of a few dozen bytes among random keys (sensor, region, area,
        // public warning) — a page to itself whatever the page's size. A warning's row (about 900 bytes) still fits a
        // page; the sensor's state (about 1.5 KB) takes two either way. An existing file keeps its size.
        else await connection.ExecuteAsync($"PRAGMA page_size={SqlitePageSize}; PRAGMA journal_mode=WAL;");
        try
        {
            await ApplyMigrations(connection, through, ct);
        }
        finally
        {
            if (IsPostgres) await connection.ExecuteAsync("SELECT pg_advisory_unlock(74201)");
        }
    }

    private async Task ApplyMigrations(DbConnection connection, int through, CancellationToken ct)
    {
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)");
        foreach (var (version, name, sql) in Migrations().Where(m => m.Version <= through))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var applied = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version }, tx);
            if (applied > 0) { await tx.RollbackAsync(ct); continue; }
            await connection.ExecuteAsync(Dialect(sql), transaction: tx);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied) VALUES (@version, @name, @applied)",
                new { version, name, applied = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>The migration scripts shipped in this assembly, <c>NNNN-name.sql</c>, by number.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations()
    {
        var assembly = typeof(RecordsDatabase).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n["migrations/".Length..];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (int.Parse(file[..4], System.Globalization.CultureInfo.InvariantCulture), file, reader.ReadToEnd());
            })
            .OrderBy(m => m.Item1)
            .ToList();
    }

    /// <summary>
    /// The words of the schema that differ: an auto-numbered key, byte-order comparison for codes (area and region
    /// prefixes are matched with ranges, which must not follow a locale's collation), and SQLite's tables clustered on
    /// their primary key (PostgreSQL's heap needs no word).
    /// </summary>
    private string Dialect(string sql) => sql
        .Replace("{{serial}}", IsPostgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT", StringComparison.Ordinal)
        .Replace("{{code}}", IsPostgres ? "TEXT COLLATE \"C\"" : "TEXT", StringComparison.Ordinal)
        .Replace("{{without_rowid}}", IsPostgres ? "" : " WITHOUT ROWID", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (!IsPostgres) SqliteConnection.ClearAllPools();
    }
}
