using Warning.Grains.Warnings;

namespace Warning.Grains.Publication;

/// <summary>
/// A sensor warning as it stands inside a public warning: what it says, whether it is released, and the units that
/// approved its level (<see cref="Units"/>, null when no unit did), who issue the public warning when it sets the level.
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.PublicContributor")]
public sealed record PublicContributor(
    [property: Id(0)] string WarningId,
    [property: Id(1)] string SensorId,
    [property: Id(2)] string Level,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset Updated,
    [property: Id(5)] WarningEvidence? Evidence,
    [property: Id(6)] string Headline,
    [property: Id(7)] double? Lat = null,
    [property: Id(8)] double? Lon = null,
    [property: Id(9)] bool Silenced = false,
    [property: Id(10)] IReadOnlyList<string>? Units = null,
    [property: Id(11)] string Basis = WarningBases.Observed,
    [property: Id(12)] DateTimeOffset? ExpectedOnset = null);
