namespace Warning.Storage.Influx;

/// <summary>One series of a query answer: its columns and rows (first column is the time in ms).</summary>
public sealed record InfluxSeries(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    private static readonly HashSet<string> Tags = ["sensor", "region"];

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
}
