namespace Warning.Grains.HazardSources;

/// <summary>A detector's level at an event time, sent to its hazard source.</summary>
[GenerateSerializer, Immutable, Alias("Warning.DetectorReport")]
public sealed record DetectorReport(
    [property: Id(0)] string SensorId,
    [property: Id(1)] string Level,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] TimeSpan ConfirmWindow,
    [property: Id(4)] TimeSpan ClearAfter,
    [property: Id(5)] string Region,
    [property: Id(6)] IReadOnlyList<string> Areas);
