using Microsoft.Extensions.Options;
using Warning.Storage.Influx;

namespace Warning.Storage.Rollups;

/// <summary>
/// Recomputes rollups from what InfluxDB holds with <c>SELECT … INTO</c>: an hour from the raw readings of the
/// measurement (<c>sum(*), max(*)</c>, every numeric field), a day from its 24 hourly rollups (sum of the sums, largest
/// of the maxima: a tenth of the points a day of 5-minute readings has). Each run overwrites the same points (same
/// series, same interval start), so running it twice, or on two silos, gives the same rollups.
/// </summary>
public sealed class RollupRunner(InfluxClient client, InfluxSchema schema, IOptions<InfluxOptions> options)
{
    private const int MaxHoursPerQuery = 24 * 7;
    private const int MaxDaysPerQuery = 31;
    private const long DayMs = 86_400_000;

    private readonly InfluxOptions _options = options.Value;

    /// <summary>Rolls up the given hours (numbers since the epoch) of one measurement, then the days holding them; returns the points written.</summary>
    public async Task<long> RollUpAsync(string measurement, IEnumerable<long> hours, CancellationToken ct)
    {
        var raw = await schema.EnsureAsync(ct) ?? throw new InvalidOperationException("rollups are made in InfluxDB v1 only");
        var sorted = hours.Distinct().Order().ToList();
        long written = 0;
        foreach (var (first, last) in Ranges(sorted, MaxHoursPerQuery))
        {
            written += await Into(Rollup.Hourly, "sum(*), max(*)", raw, measurement,
                TouchedHours.StartOf(first), TouchedHours.StartOf(last + 1), ct);
        }
        var days = sorted.Select(h => h >= 0 ? h / 24 : (h - 23) / 24).Distinct().ToList();
        var fields = days.Count == 0 ? [] : await HourlyFields(measurement, ct);
        if (fields.Count == 0) return written;
        var select = string.Join(", ", fields.Select(f => f.StartsWith(Rollup.SumPrefix, StringComparison.Ordinal)
            ? $"sum({InfluxQl.Ident(f)}) AS {InfluxQl.Ident(f)}"
            : $"max({InfluxQl.Ident(f)}) AS {InfluxQl.Ident(f)}"));
        foreach (var (first, last) in Ranges(days, MaxDaysPerQuery))
        {
            written += await Into(Rollup.Daily, select, Rollup.Hourly.RetentionPolicy, measurement,
                DateTimeOffset.FromUnixTimeMilliseconds(first * DayMs), DateTimeOffset.FromUnixTimeMilliseconds((last + 1) * DayMs), ct);
        }
        return written;
    }

    /// <summary>
    /// Rolls up every measurement over whole UTC days covering [<paramref name="from"/>, <paramref name="to"/>): for
    /// readings stored before the rollups existed, or whatever a crash kept from the rollup job.
    /// </summary>
    public async Task<RollupBackfill> BackfillAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await schema.EnsureAsync(ct);
        var start = Rollup.Daily.Floor(from);
        var end = Rollup.Daily.Floor(to) == to ? to : Rollup.Daily.Floor(to) + Rollup.Daily.Interval;
        var measurements = (await client.QueryAsync("SHOW MEASUREMENTS", ct)).SelectMany(s => s.Rows).Select(r => (string)r[0]!)
            .Where(m => m != InfluxPoint.ForecastMeasurement).ToList();
        var firstHour = start.ToUnixTimeMilliseconds() / 3_600_000;
        var hours = Enumerable.Range(0, (int)((end - start).Ticks / TimeSpan.TicksPerHour)).Select(h => firstHour + h).ToList();
        long written = 0;
        foreach (var measurement in measurements) written += await RollUpAsync(measurement, hours, ct);
        return new RollupBackfill(start, end, measurements, written);
    }

    private async Task<long> Into(Rollup rollup, string select, string sourcePolicy, string measurement, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var db = InfluxQl.Ident(_options.Database);
        var m = InfluxQl.Ident(measurement);
        var answer = await client.ExecuteAsync(
            $"SELECT {select} INTO {db}.{InfluxQl.Ident(rollup.RetentionPolicy)}.{m} FROM {db}.{InfluxQl.Ident(sourcePolicy)}.{m} "
            + $"WHERE time >= {InfluxQl.Time(from)} AND time < {InfluxQl.Time(to)} GROUP BY time({rollup.Resolution}), *", ct);
        return answer.SelectMany(s => s.Rows).Sum(r => r.Count > 1 && r[1] is double n ? (long)n : 0);
    }

    private async Task<List<string>> HourlyFields(string measurement, CancellationToken ct)
    {
        var q = $"SHOW FIELD KEYS ON {InfluxQl.Ident(_options.Database)} FROM {InfluxQl.Ident(Rollup.Hourly.RetentionPolicy)}.{InfluxQl.Ident(measurement)}";
        return (await client.QueryAsync(q, ct)).SelectMany(s => s.Rows).Select(r => (string)r[0]!)
            .Where(f => f.StartsWith(Rollup.SumPrefix, StringComparison.Ordinal) || f.StartsWith(Rollup.MaxPrefix, StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>Sorted numbers as runs of consecutive ones, each at most <paramref name="longest"/> long: (first, last).</summary>
    public static IEnumerable<(long First, long Last)> Ranges(IReadOnlyList<long> sorted, int longest)
    {
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1 && j + 1 - i < longest) j++;
            yield return (sorted[i], sorted[j]);
            i = j + 1;
        }
    }
}
