namespace Warning.Grains.Publication;

/// <summary>A webhook (<c>POST /api/subscriptions</c>): warnings for its areas at or above its level, signed with its secret.</summary>
[GenerateSerializer, Immutable, Alias("Warning.Subscription")]
public sealed record Subscription(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Areas,
    [property: Id(3)] string MinLevel,
    [property: Id(4)] string Secret)
{
    public bool CoversArea(string area) => Areas.Count == 0 || Areas.Any(a => Warning.Rules.Areas.AreaCodes.Related(a, area));
}
