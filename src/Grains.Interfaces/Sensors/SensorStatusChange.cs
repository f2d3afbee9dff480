namespace Warning.Grains.Sensors;

/// <summary>A sensor went offline (silent past its offlineAfter, or its status topic said so) or came back.</summary>
[GenerateSerializer, Immutable, Alias("Warning.SensorStatusChange")]
public sealed record SensorStatusChange(
    [property: Id(0)] string SensorId,
    [property: Id(1)] bool Online,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Why);
