using System.Text.Json;

namespace Warning.Api.Areas;

/// <summary>
/// Body of <c>PUT /api/areas/{code}</c>: the area's name, the code of the area it lies in (a prefix of its code), and
/// its boundary as a GeoJSON <c>Polygon</c> or <c>MultiPolygon</c> geometry or a <c>Feature</c> holding one (WGS84).
/// </summary>
public sealed record AreaInput(string? Name, string? Parent, JsonElement? Polygon);
