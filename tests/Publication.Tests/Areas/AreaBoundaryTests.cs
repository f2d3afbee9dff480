using System.Text.Json;
using Warning.Publication.Areas;

namespace Warning.Publication.Tests.Areas;

public sealed class AreaBoundaryTests
{
    private static (AreaBoundary? Boundary, List<(string Field, string Problem)> Problems) Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var problems = new List<(string, string)>();
        return (AreaBoundary.Parse(document.RootElement, "polygon", problems), problems);
    }

    [Fact]
    public void A_feature_with_a_polygon_is_read_and_stored_as_its_bare_geometry()
    {
        var (boundary, problems) = Parse("""{"type": "Feature", "properties": {"code": "620522100201"}, "geometry": {"type": "Polygon", "coordinates": [[[105.6, 34.8], [105.7, 34.8], [105.7, 34.9], [105.6, 34.8]]]}}""");
        Assert.Empty(problems);
        Assert.Equal("""{"type":"Polygon","coordinates":[[[105.6,34.8],[105.7,34.8],[105.7,34.9],[105.6,34.8]]]}""", boundary!.ToGeoJson());
        Assert.Equal(boundary.ToGeoJson(), AreaBoundary.FromStored(boundary.ToGeoJson())!.ToGeoJson());
    }

    [Theory]
    [InlineData("""{"type": "Point", "coordinates": [105.6, 34.8]}""", "polygon.type", "\"Point\"")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[105.6, 34.8], [105.7, 34.8], [105.6, 34.8]]]}""", "polygon.coordinates[0]", "at least 4 positions")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[105.6, 34.8], [105.7, 34.8], [105.7, 34.9], [105.6, 34.9]]]}""", "polygon.coordinates[0]", "not closed")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[34.8, 105.6], [34.8, 105.7], [34.9, 105.7], [34.8, 105.6]]]}""", "polygon.coordinates[0][0]", "latitude 105.6 is outside")]
    [InlineData("""{"type": "MultiPolygon", "coordinates": [[[[105.6, 34.8], [105.7, 34.8], [105.7, 34.9], ["x", 34.8]]]]}""", "polygon.coordinates[0][0][3]", "[lon, lat] of numbers")]
    [InlineData("""{"type": "Feature", "geometry": null}""", "polygon.geometry", "needs a Polygon")]
    public void A_bad_boundary_is_refused_naming_the_place_in_the_JSON(string json, string field, string problem)
    {
        var (boundary, problems) = Parse(json);
        Assert.Null(boundary);
        Assert.Contains(problems, p => p.Field == field && p.Problem.Contains(problem, StringComparison.Ordinal));
    }
}
