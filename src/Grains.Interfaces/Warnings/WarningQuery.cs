namespace Warning.Grains.Warnings;

/// <summary>Filters of <c>GET /api/warnings</c>; null means any.</summary>
[GenerateSerializer, Immutable, Alias("Warning.WarningQuery")]
public sealed record WarningQuery(
    [property: Id(0)] bool? Active = null,
    [property: Id(1)] string? Kind = null,
    [property: Id(2)] string? Region = null,
    [property: Id(3)] string? Level = null,
    [property: Id(4)] string? SensorId = null)
{
    public bool Matches(WarningRecord w) =>
        (Active is null || w.IsActive == Active)
        && (Kind is null || w.Kind == Kind)
        && (Region is null || w.Region.StartsWith(Region, StringComparison.Ordinal))
        && (Level is null || w.Level == Level)
        && (SensorId is null || w.SensorId == SensorId);
}
