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
}
