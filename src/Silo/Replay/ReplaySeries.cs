namespace Warning.Silo.Replay;

/// <summary>One sensor's main metric over the replay, for the HTML report: the points and the peak.</summary>
public sealed class ReplaySeries(string metric)
{
    private readonly List<(DateTimeOffset Ts, double Value)> _points = [];

    public string Metric { get; } = metric;

    public (DateTimeOffset Ts, double Value)? Peak { get; private set; }

    public void Add(DateTimeOffset ts, double value)
    {
        _points.Add((ts, value));
        if (Peak is null || value > Peak.Value.Value) Peak = (ts, value);
    }

    /// <summary>At most <paramref name="max"/> points, keeping each bucket's highest so peaks stay visible.</summary>
    public IReadOnlyList<(DateTimeOffset Ts, double Value)> Downsampled(int max)
    {
        if (_points.Count <= max) return _points;
        var size = (int)Math.Ceiling(_points.Count / (double)max);
        return _points.Chunk(size).Select(c => c.MaxBy(p => p.Value)).ToList();
    }

    /// <summary>The metric a sensor of <paramref name="kind"/> is drawn by.</summary>
    public static string? MainMetric(string kind, IReadOnlyDictionary<string, double> values) => kind switch
    {
        "rain" when values.ContainsKey("rain_mm") => "rain_mm",
        "landslide" when values.ContainsKey("disp_mm") => "disp_mm",
        "firecam" when values.ContainsKey("smoke_conf") => "smoke_conf",
        _ => values.Keys.Order(StringComparer.Ordinal).FirstOrDefault(),
    };
}
