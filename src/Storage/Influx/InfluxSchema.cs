using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Warning.Storage.Rollups;

namespace Warning.Storage.Influx;

/// <summary>
/// The v1 database as the engine needs it, made so at start by every silo (each step idempotent, so silos starting
/// together and restarts agree): the database; raw readings in its default retention policy, kept
/// <see cref="InfluxOptions.RawRetention"/> (<c>raw</c> on a database the engine creates; an older database keeps its
/// <c>autogen</c>, so the readings already in it stay where every query looks); the rollups' retention policies, kept
/// forever; and their continuous queries. A changed <see cref="InfluxOptions.RawRetention"/> alters the policy.
/// </summary>
public sealed class InfluxSchema(InfluxClient client, IOptions<InfluxOptions> options, ILogger<InfluxSchema> log)
{
    /// <summary>The raw policy's name on a database the engine creates.</summary>
    public const string RawPolicyName = "raw";

    private readonly InfluxOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _rawPolicy;

    /// <summary>The retention policy raw readings are in (the default one), once ensured; null before, and with v2.</summary>
    public string? RawPolicy => Volatile.Read(ref _rawPolicy);

    /// <summary>
    /// Makes the database so (or, with <see cref="InfluxOptions.CreateDatabase"/> off, only reads which policy is the
    /// default) and returns the raw policy; after the first success it answers from memory unless
    /// <paramref name="again"/> (the database went away). Nothing to do for v2, whose buckets carry their own retention.
    /// </summary>
    public async Task<string?> EnsureAsync(CancellationToken ct, bool again = false)
    {
        if (_options.IsV2) return null;
        if (!again && RawPolicy is { } known) return known;
        await _gate.WaitAsync(ct);
        try
        {
            if (!again && RawPolicy is { } ensured) return ensured;
            var raw = _options.CreateDatabase ? await Maintain(ct) : (await Policies(ct)).FirstOrDefault(p => p.Default)?.Name
                ?? throw new InfluxException(System.Net.HttpStatusCode.NotFound, $"database {_options.Database} has no default retention policy");
            Volatile.Write(ref _rawPolicy, raw);
            return raw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> Maintain(CancellationToken ct)
    {
        var db = InfluxQl.Ident(_options.Database);
        var retention = _options.RawRetention;
        var databases = await client.QueryAsync("SHOW DATABASES", ct);
        if (!databases.SelectMany(s => s.Rows).Any(r => r[0] as string == _options.Database))
        {
            await Tolerating("conflicts", $"CREATE DATABASE {db} WITH DURATION {InfluxQl.Duration(retention)} REPLICATION 1 "
                + $"SHARD DURATION {InfluxQl.Duration(ShardDuration(retention))} NAME {InfluxQl.Ident(RawPolicyName)}", ct);
        }

        var policies = await Policies(ct);
        var raw = policies.FirstOrDefault(p => p.Default);
        if (raw is null)
        {
            var verb = policies.Any(p => p.Name == RawPolicyName) ? "ALTER" : "CREATE";
            await client.ExecuteAsync($"{verb} RETENTION POLICY {InfluxQl.Ident(RawPolicyName)} ON {db} DURATION {InfluxQl.Duration(retention)} "
                + $"{(verb == "CREATE" ? "REPLICATION 1 " : "")}SHARD DURATION {InfluxQl.Duration(ShardDuration(retention))} DEFAULT", ct);
            raw = new Policy(RawPolicyName, retention, true);
        }
        else if (!SameSeconds(raw.Duration, retention))
        {
            await client.ExecuteAsync($"ALTER RETENTION POLICY {InfluxQl.Ident(raw.Name)} ON {db} DURATION {InfluxQl.Duration(retention)} "
                + $"SHARD DURATION {InfluxQl.Duration(ShardDuration(retention))}", ct);
            log.LogWarning("InfluxDB {Database}: raw readings ({Policy}) are now kept {New} (were {Old}; Influx:RawRetention)",
                _options.Database, raw.Name, retention, raw.Duration == TimeSpan.Zero ? "forever" : raw.Duration);
        }

        foreach (var rollup in Rollup.All)
        {
            var policy = policies.FirstOrDefault(p => p.Name == rollup.RetentionPolicy);
            var name = InfluxQl.Ident(rollup.RetentionPolicy);
            if (policy is null) await client.ExecuteAsync($"CREATE RETENTION POLICY {name} ON {db} DURATION INF REPLICATION 1", ct);
            else if (policy.Duration != TimeSpan.Zero) await client.ExecuteAsync($"ALTER RETENTION POLICY {name} ON {db} DURATION INF", ct);
        }

        foreach (var rollup in Rollup.All) await EnsureContinuousQuery(rollup, raw.Name, ct);
        return raw.Name;
    }

    /// <summary>
    /// The continuous query for new data: every numeric field of every measurement, summed and maximised per series
    /// (<c>GROUP BY *</c> keeps the sensor and region tags). Creating one with the same text is a no-op; one with other
    /// text (the raw policy or the schedule changed) is replaced.
    /// </summary>
    private async Task EnsureContinuousQuery(Rollup rollup, string rawPolicy, CancellationToken ct)
    {
        var db = InfluxQl.Ident(_options.Database);
        var name = InfluxQl.Ident(rollup.ContinuousQuery);
        var create = $"CREATE CONTINUOUS QUERY {name} ON {db} RESAMPLE {rollup.Resample} BEGIN "
            + $"SELECT sum(*), max(*) INTO {db}.{InfluxQl.Ident(rollup.RetentionPolicy)}.:MEASUREMENT "
            + $"FROM {db}.{InfluxQl.Ident(rawPolicy)}./.*/ GROUP BY time({rollup.Resolution}), * END";
        try
        {
            await client.ExecuteAsync(create, ct);
        }
        catch (InfluxException e) when (e.Message.Contains("already exists", StringComparison.Ordinal))
        {
            await client.ExecuteAsync($"DROP CONTINUOUS QUERY {name} ON {db}", ct);
            await Tolerating("already exists", create, ct);
        }
    }

    private async Task<List<Policy>> Policies(CancellationToken ct)
    {
        var answer = await client.QueryAsync($"SHOW RETENTION POLICIES ON {InfluxQl.Ident(_options.Database)}", ct);
        return answer.SelectMany(s => s.Rows.Select(r => new Policy(
            (string)s.Get(r, "name")!, InfluxQl.ParseDuration((string)s.Get(r, "duration")!), s.Get(r, "default") is true))).ToList();
    }

    // Another silo got there first with the same or a different setting: either way, the steps after take it from here.
    private async Task Tolerating(string error, string statement, CancellationToken ct)
    {
        try
        {
            await client.ExecuteAsync(statement, ct);
        }
        catch (InfluxException e) when (e.Message.Contains(error, StringComparison.Ordinal))
        {
        }
    }

    private static bool SameSeconds(TimeSpan a, TimeSpan b) => (long)a.TotalSeconds == (long)b.TotalSeconds;

    /// <summary>InfluxDB's own choice of shard group duration for a retention (it must not exceed the retention).</summary>
    public static TimeSpan ShardDuration(TimeSpan retention) =>
        retention == TimeSpan.Zero || retention > TimeSpan.FromDays(180) ? TimeSpan.FromDays(7)
        : retention >= TimeSpan.FromDays(2) ? TimeSpan.FromDays(1)
        : TimeSpan.FromHours(1);

    private sealed record Policy(string Name, TimeSpan Duration, bool Default);
}
