namespace Warning.Silo.Replay;

/// <summary>
/// What <c>./warning replay</c> was asked to do. <see cref="Batch"/>: at most this many event-time steps go to the
/// grains as one chunk (one call per sensor) under <c>--via direct --max</c>; 1 replays reading by reading.
/// </summary>
public sealed record ReplaySettings(
    string Input,
    string Registry,
    double? Speed,
    string Via,
    string? Out,
    string? Html,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Batch = ReplaySettings.DefaultBatch)
{
    /// <summary>Event-time steps a chunk holds at most (a day and a half of 5-minute steps).</summary>
    public const int DefaultBatch = 512;

    /// <summary>Readings a chunk holds at most, whatever its steps: what is in memory at once (twice: one chunk read while the last is taken).</summary>
    public const int ChunkReadings = 65_536;
}
