namespace Warning.Grains.Publication;

/// <summary>
/// Maintenance (<c>POST /api/silences</c>): between <see cref="From"/> and <see cref="To"/> (event time of the warning
/// change) readings are stored and evaluated, but public output for the sensors or areas is held; <see cref="Held"/>
/// records what was held.
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.Silence")]
public sealed record Silence(
    [property: Id(0)] string Id,
    [property: Id(1)] IReadOnlyList<string> SensorIds,
    [property: Id(2)] IReadOnlyList<string> Areas,
    [property: Id(3)] DateTimeOffset From,
    [property: Id(4)] DateTimeOffset To,
    [property: Id(5)] string Reason,
    [property: Id(6)] string By,
    [property: Id(7)] IReadOnlyList<HeldOutput> Held)
{
    public bool Covers(DateTimeOffset at) => at >= From && at < To;

    public bool CoversArea(string area) => Areas.Any(a => Warning.Rules.Areas.AreaCodes.Covers(a, area));
}

/// <summary>A public warning version or a sensor's contribution that a silence kept from going out.</summary>
[GenerateSerializer, Immutable, Alias("Warning.HeldOutput")]
public sealed record HeldOutput(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string WarningId,
    [property: Id(2)] string Level,
    [property: Id(3)] string What);
