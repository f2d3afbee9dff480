using System.ComponentModel.DataAnnotations;

namespace Warning.Storage.Influx;

/// <summary>The <c>Influx</c> config section (CONTRACT.md): where readings are written and read back.</summary>
public sealed class InfluxOptions
{
    public const string Section = "Influx";

    /// <summary>Base URL of the server. Default <c>http://127.0.0.1:8086</c>.</summary>
    [Required, Url]
    public string Url { get; set; } = "http://127.0.0.1:8086";

    /// <summary>v1 database, or v2 bucket. Default <c>warning</c>.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9_.\-]{1,64}$")]
    public string Database { get; set; } = "warning";

    /// <summary><c>v1</c> (<c>/write</c>, Debian's influxdb 1.x) or <c>v2</c> (<c>/api/v2/write</c> with a token).</summary>
    [Required, RegularExpression("^v[12]$", ErrorMessage = "expected v1 (/write) or v2 (/api/v2/write)")]
    public string ApiVersion { get; set; } = "v1";

    /// <summary>API token for v2/v3 servers; sent as <c>Authorization: Token …</c>.</summary>
    public string? Token { get; set; }

    /// <summary>v2 organisation; v2 servers that take the token's org accept it empty.</summary>
    public string? Org { get; set; }

    /// <summary>Points per write, 1..100000. Default 5000.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>Longest a point waits before its batch is written, 10 ms .. 1 min. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Store readings at all. Off for replays, which evaluate without writing. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A write returns only once the batch holding the point is on disk in the spool, so whoever acknowledges the
    /// reading (the broker's PUBACK, the HTTP 200) acknowledges something that survives a SIGKILL. Costs the batch
    /// linger and an fsync (about 5–10 ms) per reading of one sensor; readings of different sensors share batches.
    /// Default true; false trades the last few milliseconds of acknowledged readings on a crash for throughput.
    /// </summary>
    public bool WaitForSpool { get; set; } = true;

    /// <summary>
    /// Points the writer holds in memory when the reading log cannot be written (disk full) before it refuses further
    /// readings whose writers wait for the log (their hand-off fails and the device sends them again), or, with
    /// <see cref="WaitForSpool"/> off, stops taking points (back-pressure). Each held point is a reading already
    /// acknowledged, lost if the process dies before InfluxDB or the disk takes it. At least 1. Default 1,000,000.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int HeldPointsLimit { get; set; } = 1_000_000;

    /// <summary>
    /// Create the v1 database at start when it is missing, and keep its retention policies and continuous queries as
    /// <see cref="RawRetention"/> and the rollups need them (every start, every silo: idempotent). False: an
    /// administrator keeps them; the engine only reads which policy is the default. Default true.
    /// </summary>
    public bool CreateDatabase { get; set; } = true;

    /// <summary>
    /// How long raw readings are kept: the duration of the database's default retention policy, altered at start when
    /// it differs. Hourly and daily rollups are kept forever. InfluxDB's shortest is 1 hour. Default 400 days.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "36500.00:00:00")]
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>How often the hours of readings stored since the last run are rolled up, 1 s .. 1 h. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RollupInterval { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsV2 => ApiVersion == "v2";
}
