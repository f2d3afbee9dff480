using System.Text.RegularExpressions;

namespace Warning.Ingest.Telemetry;

/// <summary>The contract's limits on telemetry (CONTRACT.md, Sensors and telemetry).</summary>
public static partial class TelemetryLimits
{
    public const int MaxPayloadBytes = 16 * 1024;

    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromDays(1);

    public static readonly IReadOnlySet<string> Kinds = new HashSet<string> { "rain", "landslide", "chemical", "firecam" };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    public static partial Regex SensorId();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    public static partial Regex MetricName();

    /// <summary>ISO 8601 date-time that carries its offset (or Z): a reading's event time is never ambiguous.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$")]
    public static partial Regex TimestampWithOffset();
}
