namespace Warning.Records.Areas;

/// <summary>
/// A named area: its code (6, 9 or 12 digits), name, the area it lies in (a prefix of its code), its boundary as a
/// GeoJSON geometry text (null when unknown) and when it was put.
/// </summary>
public sealed record Area(string Code, string Name, string? Parent, string? Polygon, DateTimeOffset Updated);
