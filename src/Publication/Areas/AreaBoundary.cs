using System.Globalization;
using System.Text.Json;

namespace Warning.Publication.Areas;

/// <summary>
/// An area's boundary: one or more polygons, each an outer ring and its holes, positions in WGS84 as GeoJSON has
/// them (longitude, latitude). Read from a GeoJSON <c>Polygon</c> or <c>MultiPolygon</c> geometry, or a
/// <c>Feature</c> holding one (RFC 7946), every problem named by its place in the JSON; stored as the bare geometry.
/// </summary>
public sealed class AreaBoundary
{
    private const int MaxProblems = 20;

    private AreaBoundary(IReadOnlyList<IReadOnlyList<IReadOnlyList<Position>>> polygons) => Polygons = polygons;

    /// <summary>A point of a ring: longitude, then latitude (GeoJSON's order).</summary>
    public readonly record struct Position(double Lon, double Lat);

    /// <summary>Each polygon as its rings, the outer ring first.</summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<Position>>> Polygons { get; }

    /// <summary>The outer ring of every polygon (what CAP's <c>polygon</c> carries; holes it cannot say).</summary>
    public IEnumerable<IReadOnlyList<Position>> OuterRings => Polygons.Select(p => p[0]);

    /// <summary>
    /// The boundary in <paramref name="json"/>, or null with what was wrong added to <paramref name="problems"/>
    /// as (field, problem), the field a path under <paramref name="field"/> such as <c>polygon.coordinates[0][3]</c>.
    /// </summary>
    public static AreaBoundary? Parse(JsonElement json, string field, List<(string Field, string Problem)> problems)
    {
        var before = problems.Count;
        var polygons = Geometry(json, field, problems);
        return problems.Count == before && polygons is not null ? new AreaBoundary(polygons) : null;
    }

    /// <summary>A boundary stored by <see cref="ToGeoJson"/> (checked when it was put), or null if it no longer reads.</summary>
    public static AreaBoundary? FromStored(string geoJson)
    {
        using var document = JsonDocument.Parse(geoJson);
        return Parse(document.RootElement, "polygon", []);
    }

    /// <summary>The bare geometry: a <c>Polygon</c> for one polygon, a <c>MultiPolygon</c> for more.</summary>
    public string ToGeoJson()
    {
        static double[][] Ring(IReadOnlyList<Position> ring) => ring.Select(p => new[] { p.Lon, p.Lat }).ToArray();
        static double[][][] Rings(IReadOnlyList<IReadOnlyList<Position>> polygon) => polygon.Select(Ring).ToArray();
        object geometry = Polygons.Count == 1
            ? new { type = "Polygon", coordinates = Rings(Polygons[0]) }
            : new { type = "MultiPolygon", coordinates = Polygons.Select(Rings).ToArray() };
        return JsonSerializer.Serialize(geometry);
    }

    /// <summary>A ring as CAP 1.2 writes a polygon: space-separated <c>lat,lon</c> pairs (WGS84), the first repeated last.</summary>
    public static string CapPolygon(IReadOnlyList<Position> ring) =>
        string.Join(' ', ring.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Lat:0.######},{p.Lon:0.######}")));

    private static List<IReadOnlyList<IReadOnlyList<Position>>>? Geometry(JsonElement json, string field, List<(string, string)> problems)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.Add((field, $"expected a GeoJSON object (Polygon, MultiPolygon or a Feature holding one), got {Kind(json)}"));
            return null;
        }
        var type = json.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "Feature":
                if (!json.TryGetProperty("geometry", out var geometry) || geometry.ValueKind == JsonValueKind.Null)
                {
                    problems.Add(($"{field}.geometry", "a Feature needs a Polygon or MultiPolygon geometry"));
                    return null;
                }
                if (geometry.TryGetProperty("type", out var inner) && inner.ValueKind == JsonValueKind.String && inner.GetString() == "Feature")
                {
                    problems.Add(($"{field}.geometry.type", "expected Polygon or MultiPolygon, got \"Feature\""));
                    return null;
                }
                return Geometry(geometry, $"{field}.geometry", problems);
            case "Polygon":
                if (!Coordinates(json, field, problems, out var rings)) return null;
                var polygon = Polygon(rings, $"{field}.coordinates", problems);
                return polygon is null ? null : [polygon];
            case "MultiPolygon":
                if (!Coordinates(json, field, problems, out var polygons)) return null;
                var result = new List<IReadOnlyList<IReadOnlyList<Position>>>();
                var i = 0;
                foreach (var p in polygons.EnumerateArray())
                {
                    if (Polygon(p, $"{field}.coordinates[{i++}]", problems) is { } one) result.Add(one);
                    if (problems.Count >= MaxProblems) break;
                }
                if (i == 0) problems.Add(($"{field}.coordinates", "a MultiPolygon needs at least one polygon"));
                return result;
            default:
                problems.Add(($"{field}.type", $"expected a GeoJSON \"Polygon\" or \"MultiPolygon\" geometry, or a \"Feature\" holding one, got {(type is null ? "no type" : $"\"{type}\"")}"));
                return null;
        }
    }

    private static bool Coordinates(JsonElement json, string field, List<(string, string)> problems, out JsonElement coordinates)
    {
        if (json.TryGetProperty("coordinates", out coordinates) && coordinates.ValueKind == JsonValueKind.Array) return true;
        problems.Add(($"{field}.coordinates", "expected an array of rings, each an array of [lon, lat] positions"));
        return false;
    }

    private static IReadOnlyList<IReadOnlyList<Position>>? Polygon(JsonElement rings, string field, List<(string, string)> problems)
    {
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
        {
            problems.Add((field, "expected a polygon: an array of rings, the outer ring first"));
            return null;
        }
        var result = new List<IReadOnlyList<Position>>();
        var i = 0;
        foreach (var ring in rings.EnumerateArray())
        {
            if (Ring(ring, $"{field}[{i++}]", problems) is { } r) result.Add(r);
            if (problems.Count >= MaxProblems) return null;
        }
        return result.Count == i ? result : null;
    }

    private static IReadOnlyList<Position>? Ring(JsonElement ring, string field, List<(string, string)> problems)
    {
        if (ring.ValueKind != JsonValueKind.Array || ring.GetArrayLength() < 4)
        {
            problems.Add((field, $"a ring needs at least 4 positions (a triangle and its first position again), got {(ring.ValueKind == JsonValueKind.Array ? ring.GetArrayLength().ToString(CultureInfo.InvariantCulture) : Kind(ring))}"));
            return null;
        }
        var positions = new List<Position>();
        var i = 0;
        var ok = true;
        foreach (var p in ring.EnumerateArray())
        {
            var at = $"{field}[{i++}]";
            if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() < 2 || p[0].ValueKind != JsonValueKind.Number || p[1].ValueKind != JsonValueKind.Number)
            {
                problems.Add((at, "expected a position [lon, lat] of numbers"));
                ok = false;
            }
            else
            {
                var (lon, lat) = (p[0].GetDouble(), p[1].GetDouble());
                if (lon is < -180 or > 180) { problems.Add((at, $"longitude {lon.ToString(CultureInfo.InvariantCulture)} is outside [-180, 180] (GeoJSON gives [lon, lat])")); ok = false; }
                if (lat is < -90 or > 90) { problems.Add((at, $"latitude {lat.ToString(CultureInfo.InvariantCulture)} is outside [-90, 90] (GeoJSON gives [lon, lat])")); ok = false; }
                positions.Add(new Position(lon, lat));
            }
            if (problems.Count >= MaxProblems) return null;
        }
        if (ok && positions[0] != positions[^1])
        {
            problems.Add((field, $"the ring is not closed: its last position must repeat the first [{positions[0].Lon.ToString(CultureInfo.InvariantCulture)}, {positions[0].Lat.ToString(CultureInfo.InvariantCulture)}]"));
            ok = false;
        }
        return ok ? positions : null;
    }

    private static string Kind(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
