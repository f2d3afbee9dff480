using Warning.Storage.Influx;
using Warning.Storage.Rollups;
using Warning.Storage.Tests.Influx;

namespace Warning.Storage.Tests.Rollups;

/// <summary>
/// Rollups on a real influxd: the hourly and daily sums and maxima equal those computed here from the readings
/// written, after the hours the writer would record are rolled up, again after a late reading, and by a backfill.
/// </summary>
public sealed class RollupRunnerTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    // Three days starting a month back (well inside the raw retention), off the hour.
    private static readonly DateTimeOffset Start = Rollup.Daily.Floor(TimeProvider.System.GetUtcNow().AddDays(-30)).AddMinutes(3);

    [Fact]
    public void Consecutive_numbers_are_cut_into_runs_of_at_most_the_longest()
    {
        Assert.Equal([(1L, 3L), (5L, 5L), (7L, 8L)], RollupRunner.Ranges([1, 2, 3, 5, 7, 8], 10));
        Assert.Equal([(1L, 2L), (3L, 3L)], RollupRunner.Ranges([1, 2, 3], 2));
    }

    [Fact]
    public async Task The_hours_recorded_for_stored_readings_and_their_days_are_rolled_up_to_their_sums_and_maxima()
    {
        var options = influx.Options();
        var runner = influx.Runner(options);
        var client = influx.Client(options);
        await influx.Schema(options).EnsureAsync(_ct);
        var points = Series(new Random(7), Start, TimeSpan.FromDays(3));
        var touched = new TouchedHours();
        foreach (var batch in points.Chunk(500)) await Store(client, touched, batch);

        await RollUp(runner, touched);

        await AssertRollups(options, points);

        // A late reading: only its hour is recorded and rolled up again, and with it its day.
        var late = new InfluxPoint("rain", "R1", "620522", new Dictionary<string, double> { ["rain_mm"] = 99.5 }, Start.AddHours(30).AddMinutes(1).ToUnixTimeMilliseconds());
        await Store(client, touched, [late]);
        Assert.Equal(1, touched.Count);
        await RollUp(runner, touched);
        await AssertRollups(options, [.. points, late]);

        // Rolling every hour up again (a second silo, a rerun) writes the same points.
        foreach (var batch in points.Chunk(500)) touched.Record(LineProtocol.Format(batch));
        await RollUp(runner, touched);
        await AssertRollups(options, [.. points, late]);
    }

    [Fact]
    public async Task A_backfill_rolls_up_readings_stored_without_the_writer_over_whole_days()
    {
        var options = influx.Options();
        var client = influx.Client(options);
        await influx.Schema(options).EnsureAsync(_ct);
        var points = Series(new Random(11), Start, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(3)); // two whole days
        await client.WriteAsync(LineProtocol.Format(points), _ct);

        // Asked for a few hours in the middle of each day: the whole days are done, so the daily rollups are complete.
        var done = await influx.Runner(options).BackfillAsync(Start.AddHours(5), Start.AddDays(1).AddHours(2), _ct);

        Assert.Equal(Rollup.Daily.Floor(Start), done.From);
        Assert.Equal(Rollup.Daily.Floor(Start).AddDays(2), done.To);
        Assert.Equal(["landslide", "rain"], done.Measurements.Order());
        await AssertRollups(options, points);
    }

    private async Task Store(InfluxClient client, TouchedHours touched, IEnumerable<InfluxPoint> batch)
    {
        var lines = LineProtocol.Format(batch);
        await client.WriteAsync(lines, _ct);
        touched.Record(lines);
    }

    private async Task RollUp(RollupRunner runner, TouchedHours touched)
    {
        foreach (var (measurement, hours) in touched.Take()) await runner.RollUpAsync(measurement, hours, _ct);
    }

    /// <summary>Two kinds, two sensors each, readings every 7 minutes; the landslide points carry tilt only every third time.</summary>
    private static List<InfluxPoint> Series(Random random, DateTimeOffset from, TimeSpan span)
    {
        var points = new List<InfluxPoint>();
        for (var t = from; t < from + span; t = t.AddMinutes(7))
        {
            var ms = t.ToUnixTimeMilliseconds();
            foreach (var sensor in new[] { "R1", "R2" })
            {
                points.Add(new InfluxPoint("rain", sensor, "620522", new Dictionary<string, double> { ["rain_mm"] = Math.Round(random.NextDouble() * 4, 1) }, ms));
            }
            foreach (var sensor in new[] { "L1", "L2" })
            {
                var fields = new Dictionary<string, double> { ["disp_mm"] = Math.Round(100 + random.NextDouble() * 5, 3) };
                if (points.Count % 3 == 0) fields["tilt_deg"] = Math.Round(random.NextDouble() - 0.5, 4);
                points.Add(new InfluxPoint("landslide", sensor, "620522", fields, ms));
            }
        }
        return points;
    }

    private async Task AssertRollups(InfluxOptions options, IReadOnlyList<InfluxPoint> points)
    {
        foreach (var rollup in Rollup.All)
        {
            foreach (var measurement in new[] { "rain", "landslide" })
            {
                var expected = Expected(points.Where(p => p.Measurement == measurement), rollup);
                var actual = new Dictionary<(string, long, string), double>();
                foreach (var series in await influx.Client(options).QueryAsync($"SELECT * FROM \"{rollup.RetentionPolicy}\".\"{measurement}\"", _ct))
                {
                    foreach (var row in series.Rows)
                    {
                        for (var c = 1; c < series.Columns.Count; c++)
                        {
                            if (row[c] is double value && series.Columns[c] is not ("sensor" or "region"))
                                actual[((string)series.Get(row, "sensor")!, (long)(double)row[0]!, series.Columns[c])] = value;
                        }
                    }
                }
                Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
                foreach (var (key, value) in expected)
                {
                    Assert.True(Math.Abs(actual[key] - value) <= 1e-9 * Math.Max(1, Math.Abs(value)),
                        $"{rollup.Resolution} {measurement} {key}: expected {value}, InfluxDB has {actual[key]}");
                }
            }
        }
    }

    private static Dictionary<(string Sensor, long Start, string Column), double> Expected(IEnumerable<InfluxPoint> points, Rollup rollup)
    {
        var expected = new Dictionary<(string, long, string), double>();
        foreach (var point in points)
        {
            var start = rollup.Floor(DateTimeOffset.FromUnixTimeMilliseconds(point.TimestampMs)).ToUnixTimeMilliseconds();
            foreach (var (field, value) in point.Fields)
            {
                var sum = (point.Sensor, start, Rollup.SumPrefix + field);
                var max = (point.Sensor, start, Rollup.MaxPrefix + field);
                expected[sum] = expected.GetValueOrDefault(sum) + value;
                expected[max] = expected.TryGetValue(max, out var m) ? Math.Max(m, value) : value;
            }
        }
        return expected;
    }
}
