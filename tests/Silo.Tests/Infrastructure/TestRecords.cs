using System.Security.Cryptography;
using System.Text;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>
/// Which records database the engines of this test run use: SQLite under their data dir (default), or — with
/// <c>WARNING_TEST_RECORDS=postgres</c>, as <c>./warning test</c> runs the publication and fault tests a second time —
/// one real PostgreSQL server started for the run, with a database per data dir (so an engine restarted on the same
/// data dir finds its records again). <see cref="Shared"/> gives a cluster's silos one database.
/// </summary>
public static class TestRecords
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(StartServer);
    private static readonly Dictionary<string, string> Databases = [];

    public static bool UsePostgres => Environment.GetEnvironmentVariable("WARNING_TEST_RECORDS") == "postgres";

    /// <summary>The settings for an engine on <paramref name="dataDir"/>: none for SQLite.</summary>
    public static IReadOnlyList<string> SettingsFor(string dataDir) => UsePostgres ? Postgres(DatabaseOf(dataDir)) : [];

    /// <summary>Settings that put every engine given them on one PostgreSQL database named <paramref name="name"/>.</summary>
    public static IReadOnlyList<string> Shared(string name) => Postgres(DatabaseOf("shared:" + name));

    private static string[] Postgres(string connectionString) => ["--Records:Provider=postgres", $"--Records:ConnectionString={connectionString}"];

    private static string DatabaseOf(string key)
    {
        var server = Server.Value.GetAwaiter().GetResult();
        lock (Databases)
        {
            if (Databases.TryGetValue(key, out var known)) return known;
            var name = "e" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
            return Databases[key] = server.CreateDatabase(name).GetAwaiter().GetResult();
        }
    }

    private static async Task<PostgresServer> StartServer()
    {
        var server = await PostgresServer.StartNew();
        // One server for the whole run, stopped when the test process ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
