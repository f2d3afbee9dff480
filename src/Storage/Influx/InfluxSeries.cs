namespace Warning.Storage.Influx;

/// <summary>One series of a query answer: its columns and rows (first column is the time in ms).</summary>
public sealed record InfluxSeries(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    private static readonly HashSet<string> Tags = ["sensor", "region"];

    /// <summary>The value of <paramref name="column"/> in <paramref name="row"/>, or null when there is no such column.</summary>
    public object? Get(IReadOnlyList<object?> row, string column)
    {
        for (var c = 0; c < Columns.Count; c++) if (Columns[c] == column) return row[c];
        return null;
    }

    /// <summary>Each row as a reading: its time and its numeric fields (tags left out); rows with no field are skipped.</summary>
    public IEnumerable<(DateTimeOffset Ts, Dictionary<string, double> Values)> Readings()
    {
        foreach (var row in Rows)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var c = 1; c < Columns.Count; c++)
            {
                if (row[c] is double v && !Tags.Contains(Columns[c])) values[Columns[c]] = v;
            }
            if (values.Count > 0 && row[0] is double ms) yield return (DateTimeOffset.FromUnixTimeMilliseconds((long)ms), values);
        }
    }

    /// <summary>
    /// Each row of a rollup (columns <c>sum_{field}</c>, <c>max_{field}</c>) as its interval's start and, per field, the
    /// sum and the largest value; rows with neither are skipped.
    /// </summary>
    public IEnumerable<(DateTimeOffset Ts, Dictionary<string, double> Sum, Dictionary<string, double> Max)> Aggregates()
    {
        foreach (var row in Rows)
        {
            var sum = new Dictionary<string, double>(StringComparer.Ordinal);
            var max = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var c = 1; c < Columns.Count; c++)
            {
                if (row[c] is not double v) continue;
                if (Columns[c].StartsWith(Rollups.Rollup.SumPrefix, StringComparison.Ordinal)) sum[Columns[c][Rollups.Rollup.SumPrefix.Length..]] = v;
                else if (Columns[c].StartsWith(Rollups.Rollup.MaxPrefix, StringComparison.Ordinal)) max[Columns[c][Rollups.Rollup.MaxPrefix.Length..]] = v;
            }
            if (sum.Count + max.Count > 0 && row[0] is double ms) yield return (DateTimeOffset.FromUnixTimeMilliseconds((long)ms), sum, max);
        }
    }
}
