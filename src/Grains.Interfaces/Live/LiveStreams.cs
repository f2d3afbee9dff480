using Orleans.Runtime;

namespace Warning.Grains.Live;

/// <summary>
/// The Orleans streams that carry warning changes to their consumers: one stream per consumer (the live feed now,
/// publication next), never one per sensor.
/// </summary>
public static class LiveStreams
{
    public const string Provider = "live";

    /// <summary>Every recorded version of every warning, for the live feed.</summary>
    public static readonly StreamId Warnings = StreamId.Create("warnings", "live-feed");

    /// <summary>Every sensor going offline or coming back, from the sensor's own grain (once for the cluster).</summary>
    public static readonly StreamId SensorStatus = StreamId.Create("sensor-status", "live-feed");

    /// <summary>Every community report as it arrives and as a duty officer decides on it.</summary>
    public static readonly StreamId Reports = StreamId.Create("reports", "live-feed");
}
