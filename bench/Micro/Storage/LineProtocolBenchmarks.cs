using System.Text;
using BenchmarkDotNet.Attributes;
using Warning.Storage.Influx;

namespace Warning.Micro.Storage;

/// <summary>
/// Every accepted reading becomes one line of InfluxDB line protocol (<see cref="LineProtocol"/>) before it is spooled
/// and written, so encoding is paid per reading on the storage path. One point shows the per-reading cost (fields are
/// sorted and each number formatted); a batch of 5,000 is what the writer spools at once under load (its BatchSize).
/// </summary>
[MemoryDiagnoser]
public class LineProtocolBenchmarks
{
    private const int BatchSize = 5000;

    // 2021-07-20T16:00:00+08:00 in ms, the precision the engine writes.
    private const long TimestampMs = 1626768000000;

    private static readonly InfluxPoint RainPoint = new("rain", "RG-0042", "410102", new Dictionary<string, double> { ["rain_mm"] = 12.4 }, TimestampMs);

    private static readonly InfluxPoint ChemicalPoint = new("chemical", "GD-T101-03", "410105",
        new Dictionary<string, double> { ["temp_c"] = 31.4, ["lel_pct"] = 3.5, ["pressure_mpa"] = 0.82, ["o2_vol_pct"] = 20.9, ["level_pct"] = 71.2 },
        TimestampMs);

    // The builder is reused as the writer reuses its batch: the figures are the encoding's, not the buffer's growth.
    private readonly StringBuilder _line = new(256);

    private InfluxPoint[] _batch = [];

    [GlobalSetup]
    public void MakeBatch() => _batch = Enumerable.Range(0, BatchSize)
        .Select(i => new InfluxPoint("rain", $"RG-{i % 500:D4}", "410102",
            new Dictionary<string, double> { ["rain_mm"] = 0.1 * (i % 9) }, TimestampMs + 300_000L * (i / 500)))
        .ToArray();

    [Benchmark]
    public int OneRainPoint()
    {
        _line.Clear();
        LineProtocol.Append(_line, RainPoint);
        return _line.Length;
    }

    [Benchmark]
    public int OneChemicalPointFiveFields()
    {
        _line.Clear();
        LineProtocol.Append(_line, ChemicalPoint);
        return _line.Length;
    }

    [Benchmark]
    public string RainBatchOf5000() => LineProtocol.Format(_batch);
}
