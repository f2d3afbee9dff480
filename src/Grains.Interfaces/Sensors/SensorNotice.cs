using Warning.Grains.Warnings;

namespace Warning.Grains.Sensors;

/// <summary>An event recorded on a sensor that is not a public warning, e.g. short-duration heavy rain (短时强降水).</summary>
[GenerateSerializer, Immutable, Alias("Warning.SensorNotice")]
public sealed record SensorNotice(
    [property: Id(0)] string Code,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] WarningEvidence Evidence);
