namespace Warning.Micro.Rules;

/// <summary>
/// One kind of sensor as a rule sees it: its ruleset and params, how often it reports, how many readings its window
/// already holds when a benchmark starts, and the metric values of its n-th reading.
/// </summary>
public sealed record SensorScenario(
    string Ruleset,
    string ParamsJson,
    TimeSpan Cadence,
    int Held,
    Action<long, Dictionary<string, double>> Fill)
{
    /// <summary>
    /// A gauge every 5 minutes with a day (288 readings, its longest window) held. Steady rain of 0–0.8 mm per reading,
    /// ≈ 58 mm in 12 h: cma-rainstorm holds blue and torrent orange (24 h), so every threshold is summed each time.
    /// </summary>
    public static readonly SensorScenario Rainstorm = new("cma-rainstorm", "{}",
        TimeSpan.FromMinutes(5), 288, (n, v) => v["rain_mm"] = 0.1 * (n % 9));

    public static readonly SensorScenario Torrent = Rainstorm with { Ruleset = "torrent" };

    /// <summary>
    /// Hourly GNSS creeping 3 mm/day with ±0.1 mm noise. The rule keeps twice its 30-day baseline, so the window
    /// is at its steady size only after 60 days: 1,440 readings. v0 is estimated from the data; the angle stays
    /// between 43° and 47° (blue).
    /// </summary>
    public static readonly SensorScenario TangentialAngle = new("tangential-angle", "{}",
        TimeSpan.FromHours(1), 1440, (n, v) => v["disp_mm"] = 0.125 * n + 0.05 * ((n % 5) - 2));

    /// <summary>
    /// A combustible gas detector every 30 s, low LEL with oxygen: no alarm, every setpoint compared. The rule keeps only
    /// the latest value of each metric; 40 readings fill the 10-minute lateness the ordering holds back.
    /// </summary>
    public static readonly SensorScenario GasDetection = new("gbt50493", "{}",
        TimeSpan.FromSeconds(30), 40, (n, v) =>
        {
            v["lel_pct"] = 2 + 0.5 * (n % 7);
            v["o2_vol_pct"] = 20.9;
        });

    public static IEnumerable<SensorScenario> All => [Rainstorm, Torrent, TangentialAngle, GasDetection];

    // BenchmarkDotNet shows this in the parameter column (and cuts it past 20 characters).
    public override string ToString() => Ruleset;
}
