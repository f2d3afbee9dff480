using System.Text.Json;
using Warning.Storage.Influx;

namespace Warning.Storage.Tests.Influx;

/// <summary>The retention policies and continuous queries on a real influxd, as silos starting together and restarts make them.</summary>
public sealed class InfluxSchemaTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_database_keeps_raw_readings_RawRetention_and_rollups_forever_and_a_restart_with_another_retention_alters_it()
    {
        var options = influx.Options(TimeSpan.FromDays(400));
        // Two silos starting together.
        var raw = await Task.WhenAll(influx.Schema(options).EnsureAsync(_ct), influx.Schema(options).EnsureAsync(_ct));
        Assert.Equal(["raw", "raw"], raw);
        Assert.Equal([("raw", "9600h0m0s", true), ("hourly", "0s", false), ("daily", "0s", false)], await Policies(options.Database));
        var queries = await ContinuousQueries(options.Database);
        Assert.Equal(["rollup_1d", "rollup_1h"], queries.Keys.Order());
        Assert.Contains("SELECT sum(*), max(*) INTO", queries["rollup_1h"]);
        Assert.Contains(".hourly.:MEASUREMENT FROM", queries["rollup_1h"]);
        Assert.Contains(".raw./.*/ GROUP BY time(1h), *", queries["rollup_1h"]);
        Assert.Contains(".daily.:MEASUREMENT FROM", queries["rollup_1d"]);
        Assert.Contains("GROUP BY time(1d), *", queries["rollup_1d"]);

        // A restart with another RawRetention alters the policy (and its shard duration, which must not exceed it).
        options.RawRetention = TimeSpan.FromDays(30);
        await influx.Schema(options).EnsureAsync(_ct);
        Assert.Equal([("raw", "720h0m0s", true), ("hourly", "0s", false), ("daily", "0s", false)], await Policies(options.Database));
        Assert.Equal("24h0m0s", (await influx.Server.Query($"SHOW RETENTION POLICIES ON \"{options.Database}\""))[0][2].GetString());

        // And one more with the same changes nothing.
        await influx.Schema(options).EnsureAsync(_ct);
        Assert.Equal([("raw", "720h0m0s", true), ("hourly", "0s", false), ("daily", "0s", false)], await Policies(options.Database));
        Assert.Equal(queries, await ContinuousQueries(options.Database));
    }

    [Fact]
    public async Task A_database_made_before_keeps_its_default_policy_and_readings_and_that_policy_takes_the_retention()
    {
        var options = influx.Options(TimeSpan.FromDays(400));
        var client = influx.Client(options);
        await client.ExecuteAsync($"CREATE DATABASE \"{options.Database}\"", _ct);
        var at = TimeProvider.System.GetUtcNow().AddDays(-3).ToUnixTimeMilliseconds();
        await client.WriteAsync($"rain,region=1,sensor=A rain_mm=1.5 {at}\n", _ct);

        Assert.Equal("autogen", await influx.Schema(options).EnsureAsync(_ct));

        Assert.Equal([("autogen", "9600h0m0s", true), ("hourly", "0s", false), ("daily", "0s", false)], await Policies(options.Database));
        Assert.Contains(".autogen./.*/", (await ContinuousQueries(options.Database))["rollup_1h"]);
        var rows = await influx.Server.Query("SELECT rain_mm FROM rain", options.Database);
        Assert.Equal(1.5, Assert.Single(rows)[1].GetDouble());
    }

    private async Task<List<(string Name, string Duration, bool Default)>> Policies(string database) =>
        (await influx.Server.Query($"SHOW RETENTION POLICIES ON \"{database}\"")).Select(r => (r[0].GetString()!, r[1].GetString()!, r[4].GetBoolean())).ToList();

    private async Task<Dictionary<string, string>> ContinuousQueries(string database)
    {
        using var http = new HttpClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"{influx.Server.Url}/query?q=SHOW%20CONTINUOUS%20QUERIES", _ct));
        var series = doc.RootElement.GetProperty("results")[0].GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == database);
        return series.TryGetProperty("values", out var values)
            ? values.EnumerateArray().ToDictionary(v => v[0].GetString()!, v => v[1].GetString()!)
            : [];
    }
}
