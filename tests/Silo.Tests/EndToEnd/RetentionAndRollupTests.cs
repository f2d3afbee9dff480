using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Warning.Silo.Replay;
using Warning.Silo.Tests.Infrastructure;
using Warning.Storage.Rollups;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>
/// Storage that lasts years, on a real influxd: the raw retention follows <c>Influx:RawRetention</c> from one start to
/// the next, and a season replayed into the running engine (event times months back) is rolled up hourly and daily to
/// the sums of its readings, which a chart gets in one request.
/// </summary>
public sealed class RetentionAndRollupTests
{
    private const string Gauge = "TEST-RAIN-02";

    [Fact]
    public async Task The_raw_retention_policy_follows_Influx_RawRetention_from_one_start_to_the_next()
    {
        await using var influx = await InfluxServer.StartNew();
        var dataDir = Directory.CreateTempSubdirectory("warning-engine-").FullName;
        await using (await Engine.Start(influx.Url, dataDir, settings: "--Influx:RawRetention=400.00:00:00"))
        {
            await Eventually.Until(async () => await Policies(influx) is ["raw 9600h0m0s default", "hourly 0s", "daily 0s"],
                TimeSpan.FromSeconds(30), "raw kept 400 days, hourly and daily kept forever");
            var queries = (await influx.Query("SHOW CONTINUOUS QUERIES")).Select(r => r[0].GetString()).Order().ToList();
            Assert.Equal(["rollup_1d", "rollup_1h"], queries);
        }

        await using (await Engine.Start(influx.Url, dataDir, settings: "--Influx:RawRetention=30.00:00:00"))
        {
            await Eventually.Until(async () => await Policies(influx) is ["raw 720h0m0s default", "hourly 0s", "daily 0s"],
                TimeSpan.FromSeconds(30), "raw altered to 30 days");
        }
    }

    [Fact]
    public async Task A_season_replayed_into_the_running_engine_is_rolled_up_to_the_sums_of_its_readings_and_charted_in_one_request()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: ["--Influx:RollupInterval=00:00:01", "--Influx:WaitForSpool=false", "--Influx:RawRetention=400.00:00:00"]);

        // 90 days of readings every 20 minutes, ending two days back, and one reading from before the raw retention.
        var now = TimeProvider.System.GetUtcNow();
        var end = Rollup.Daily.Floor(now).AddDays(-2);
        var start = end.AddDays(-90);
        var random = new Random(2012);
        var readings = new List<(DateTimeOffset Ts, double Mm)>();
        for (var t = start; t < end; t = t.AddMinutes(20)) readings.Add((t, Math.Round(random.Next(0, 6) * 0.1, 1)));
        var csv = Path.Combine(engine.DataDir, "season.csv");
        var text = new StringBuilder("ts,kind,sensor,metric,value\n");
        text.Append(CultureInfo.InvariantCulture, $"{now.AddDays(-500):O},rain,{Gauge},rain_mm,9.9\n");
        foreach (var (ts, mm) in readings) text.Append(CultureInfo.InvariantCulture, $"{ts:O},rain,{Gauge},rain_mm,{mm}\n");
        await File.WriteAllTextAsync(csv, text.ToString(), TestContext.Current.CancellationToken);

        var published = await ReplayToBroker.Run(new ReplaySettings(csv, engine.RegistryFile, null, "mqtt", null, null, null, null),
            $"127.0.0.1:{engine.MqttPort}", TextWriter.Null, TestContext.Current.CancellationToken);
        Assert.Equal(readings.Count + 1, published);

        // The old reading is dropped by InfluxDB (beyond the retention), the rest stored, none set aside.
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", Gauge) == readings.Count, TimeSpan.FromSeconds(120), "the season stored");
        var expectedHourly = Expected(readings, Rollup.Hourly);
        var expectedDaily = Expected(readings, Rollup.Daily);
        await Eventually.Until(async () => (await Stored(influx, Rollup.Hourly)).Count == expectedHourly.Count
                && (await Stored(influx, Rollup.Daily)).Count == expectedDaily.Count,
            TimeSpan.FromSeconds(60), $"{expectedHourly.Count} hourly and {expectedDaily.Count} daily rollups");
        AssertClose(expectedHourly, await Stored(influx, Rollup.Hourly));
        AssertClose(expectedDaily, await Stored(influx, Rollup.Daily));
        var metrics = await engine.Metrics();
        Assert.Equal(1, PrometheusText.Value(metrics, "warning_influx_points_beyond_retention_total"));
        Assert.Equal(0, PrometheusText.Value(metrics, "warning_influx_batches_rejected_total"));

        // A 90-day chart: one request, hourly (chosen by the range), the sums and maxima of the readings.
        var season = await Series($"from={Iso(start)}&to={Iso(end)}&metric=rain_mm", engine);
        Assert.Equal("1h", season.GetProperty("resolution").GetString());
        AssertClose(expectedHourly, Points(season));

        // Longer than 90 days: daily.
        var longer = await Series($"from={Iso(start.AddDays(-30))}&to={Iso(end)}", engine);
        Assert.Equal("1d", longer.GetProperty("resolution").GetString());
        AssertClose(expectedDaily, Points(longer));

        // Raw on request (and by itself up to two days), as before: each reading, no max.
        var day = await Series($"from={Iso(start)}&to={Iso(start.AddDays(1).AddTicks(-1))}&resolution=raw&metric=rain_mm", engine);
        Assert.Equal("raw", day.GetProperty("resolution").GetString());
        var raw = day.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(readings.Where(r => r.Ts < start.AddDays(1)).Select(r => (r.Ts, r.Mm)),
            raw.Select(p => (p.GetProperty("ts").GetDateTimeOffset(), p.GetProperty("values").GetProperty("rain_mm").GetDouble())));
        Assert.All(raw, p => Assert.Equal(JsonValueKind.Null, p.GetProperty("max").ValueKind));
        Assert.Equal("raw", (await Series($"from={Iso(start)}&to={Iso(start.AddDays(2))}", engine)).GetProperty("resolution").GetString());

        // On demand (admin): the season's days rolled up again from the raw readings, to the same points.
        var again = await engine.Http.PostAsJsonAsync("/api/rollups", new { from = start, to = end }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var done = await again.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["rain"], done.GetProperty("measurements").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(expectedHourly.Count + expectedDaily.Count, done.GetProperty("pointsWritten").GetInt64());
        AssertClose(expectedHourly, await Stored(influx, Rollup.Hourly));
        AssertClose(expectedDaily, await Stored(influx, Rollup.Daily));
        var backwards = await engine.Http.PostAsJsonAsync("/api/rollups", new { from = end, to = start }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("from", (await backwards.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("field").GetString());

        // A resolution that is not one: 400 naming it.
        var bad = await engine.Http.GetAsync($"/api/sensors/{Gauge}/telemetry?resolution=5m", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("resolution", (await bad.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("field").GetString());
    }

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));

    private static async Task<List<string>> Policies(InfluxServer influx) =>
        (await influx.Query("SHOW RETENTION POLICIES ON warning"))
        .Select(r => $"{r[0].GetString()} {r[1].GetString()}{(r[4].GetBoolean() ? " default" : "")}").ToList();

    /// <summary>Per interval start: the sum and the largest of the readings in it.</summary>
    private static Dictionary<long, (double Sum, double Max)> Expected(List<(DateTimeOffset Ts, double Mm)> readings, Rollup rollup) =>
        readings.GroupBy(r => rollup.Floor(r.Ts).ToUnixTimeMilliseconds())
            .ToDictionary(g => g.Key, g => (g.Sum(r => r.Mm), g.Max(r => r.Mm)));

    private static async Task<Dictionary<long, (double Sum, double Max)>> Stored(InfluxServer influx, Rollup rollup) =>
        (await influx.Query($"SELECT sum_rain_mm, max_rain_mm FROM \"{rollup.RetentionPolicy}\".rain WHERE sensor = '{Gauge}'"))
        .ToDictionary(r => r[0].GetInt64(), r => (r[1].GetDouble(), r[2].GetDouble()));

    private static async Task<JsonElement> Series(string query, Engine engine) =>
        await engine.Http.GetFromJsonAsync<JsonElement>($"/api/sensors/{Gauge}/telemetry?{query}", TestContext.Current.CancellationToken);

    private static Dictionary<long, (double Sum, double Max)> Points(JsonElement series) =>
        series.GetProperty("points").EnumerateArray().ToDictionary(
            p => p.GetProperty("ts").GetDateTimeOffset().ToUnixTimeMilliseconds(),
            p => (p.GetProperty("values").GetProperty("rain_mm").GetDouble(), p.GetProperty("max").GetProperty("rain_mm").GetDouble()));

    private static void AssertClose(Dictionary<long, (double Sum, double Max)> expected, Dictionary<long, (double Sum, double Max)> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (start, (sum, max)) in expected)
        {
            Assert.True(Math.Abs(actual[start].Sum - sum) < 1e-9 && actual[start].Max == max,
                $"{DateTimeOffset.FromUnixTimeMilliseconds(start):O}: expected sum {sum} max {max}, got {actual[start]}");
        }
    }
}
