using System.Text.Json;
using Warning.Records.Areas;

namespace Warning.Api.Areas;

/// <summary>An area as the API shows it: code, name, parent code, boundary (a GeoJSON geometry, or null) and when it was put.</summary>
public sealed record AreaView(string Code, string Name, string? Parent, JsonElement? Polygon, DateTimeOffset Updated)
{
    public static AreaView From(Area area)
    {
        JsonElement? polygon = null;
        if (area.Polygon is not null)
        {
            using var document = JsonDocument.Parse(area.Polygon);
            polygon = document.RootElement.Clone();
        }
        return new AreaView(area.Code, area.Name, area.Parent, polygon, area.Updated);
    }
}
