namespace Warning.Storage.Rollups;

/// <summary>
/// One rollup of the raw readings: per sensor and interval, the sum and the largest value of every numeric field,
/// stored in its own retention policy (kept forever) under the raw measurement's name, fields <c>sum_{field}</c> and
/// <c>max_{field}</c>, each point at its interval's start (UTC; a day is 00:00–24:00 UTC, 08:00–08:00 Beijing time).
/// </summary>
/// <param name="Resample">The continuous query's <c>RESAMPLE</c>: how often it runs and how far back it recomputes.</param>
public sealed record Rollup(string Resolution, string RetentionPolicy, TimeSpan Interval, string Resample)
{
    public const string SumPrefix = "sum_";

    public const string MaxPrefix = "max_";

    public static readonly Rollup Hourly = new("1h", "hourly", TimeSpan.FromHours(1), "EVERY 10m FOR 2h");

    public static readonly Rollup Daily = new("1d", "daily", TimeSpan.FromDays(1), "EVERY 1h FOR 1d");

    /// <summary>Finer first: a day is computed from its hours.</summary>
    public static readonly IReadOnlyList<Rollup> All = [Hourly, Daily];

    /// <summary>The continuous query that keeps this rollup of new data.</summary>
    public string ContinuousQuery => $"rollup_{Resolution}";

    /// <summary>The start of the interval holding <paramref name="at"/>.</summary>
    public DateTimeOffset Floor(DateTimeOffset at)
    {
        var ms = at.ToUnixTimeMilliseconds();
        var size = (long)Interval.TotalMilliseconds;
        return DateTimeOffset.FromUnixTimeMilliseconds(ms - ((ms % size) + size) % size);
    }

    /// <summary>The rollup of a resolution name (<c>1h</c>, <c>1d</c>), or null.</summary>
    public static Rollup? Of(string resolution) => All.FirstOrDefault(r => r.Resolution == resolution);
}
