namespace Warning.Grains.Sensors;

/// <summary>What <c>GET /api/sensors/{id}</c> shows: the entry, the last reading, the level in force and liveness.</summary>
[GenerateSerializer, Immutable, Alias("Warning.SensorSnapshot")]
public sealed record SensorSnapshot(
    [property: Id(0)] SensorDefinition Definition,
    [property: Id(1)] Telemetry.Reading? LastReading,
    [property: Id(2)] string Level,
    [property: Id(3)] string? ActiveWarningId,
    [property: Id(4)] DateTimeOffset? LastSeen,
    [property: Id(5)] IReadOnlyList<SensorNotice> Notices,
    [property: Id(6)] long Readings,
    [property: Id(7)] long Duplicates,
    [property: Id(8)] long TooLate,
    [property: Id(9)] bool Online);
