namespace Warning.Storage.Influx;

/// <summary>One series of a query answer: its columns and rows (first column is the time in ms).</summary>
public sealed record InfluxSeries(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);
