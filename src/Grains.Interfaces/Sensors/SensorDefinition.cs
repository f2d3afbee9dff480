namespace Warning.Grains.Sensors;

/// <summary>A validated registry entry (CONTRACT.md, Sensor registry); <see cref="ParamsJson"/> holds the ruleset's params.</summary>
[GenerateSerializer, Immutable, Alias("Warning.SensorDefinition")]
public sealed record SensorDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Name,
    [property: Id(3)] string Region,
    [property: Id(4)] double? Lat,
    [property: Id(5)] double? Lon,
    [property: Id(6)] IReadOnlyList<string> Areas,
    [property: Id(7)] string Ruleset,
    [property: Id(8)] string ParamsJson,
    [property: Id(9)] string? Credential = null)
{
    /// <summary>Equal field by field, the area list by its items (record equality compares the list by reference).</summary>
    public bool SameAs(SensorDefinition other) =>
        this with { Areas = other.Areas } == other && Areas.SequenceEqual(other.Areas);
}
