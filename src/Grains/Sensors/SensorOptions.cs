using System.ComponentModel.DataAnnotations;

namespace Warning.Grains.Sensors;

/// <summary>The <c>Sensors</c> config section: how sensor grains keep their state.</summary>
public sealed class SensorOptions
{
    public const string Section = "Sensors";

    /// <summary>
    /// How often a sensor grain that took readings writes its rule state (windows, level), never per reading. A crash
    /// loses at most this much, which the grain reads back from InfluxDB when it starts again. Each write serialises
    /// the whole window (a day of 5-minute rain is ~17 KB of JSON, about a millisecond), so a network of 100,000
    /// fast-reporting gauges wants a longer period. Default PT30S.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StateFlushPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
