namespace Warning.Grains.Telemetry;

/// <summary>
/// Readings of one sensor in the order they are to be taken (a replay's chunk of event time): one grain call for many
/// readings. Immutable, so a call within the silo passes it without copying.
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.ReadingBatch")]
public sealed record ReadingBatch([property: Id(0)] IReadOnlyList<Reading> Readings);
