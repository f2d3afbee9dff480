using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Warning.Publication.Tests.Cap;
using Warning.Silo.Areas;
using Warning.Silo.Tests.Infrastructure;
using Warning.Tests.Shared;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>
/// Areas with names and boundaries: loaded from a GeoJSON file with <c>./warning areas import</c> into a running
/// engine, refused feature by feature where wrong, listed by the API, and named and drawn in the signed CAP of a
/// public warning for one of them.
/// </summary>
public sealed class AreasTests
{
    private static string Example => Path.Combine(RepoPaths.Root, "config", "areas.example.geojson");

    [Fact]
    public async Task Areas_imported_from_GeoJSON_are_listed_and_name_and_draw_the_signed_CAP_of_their_warning()
    {
        using var certificate = CapSignature.NewCertificate();
        var dir = Directory.CreateTempSubdirectory("warning-areas-").FullName;
        var pfx = Path.Combine(dir, "cap-signing.p12");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12));
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: [$"--Publication:SigningCertificate={pfx}"]);
        var url = engine.Http.BaseAddress!.ToString();

        var output = new StringWriter();
        Assert.Equal(0, await AreasImportCommand.Import(new FileInfo(Example), url, null, output, CancellationToken.None));
        Assert.Contains("4 of 4 put", output.ToString(), StringComparison.Ordinal);

        // A file with a bad feature: the others go in, the bad one is named with the engine's reason.
        var mixed = Path.Combine(dir, "mixed.geojson");
        File.WriteAllText(mixed, """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"code": "620522100203", "name": "示例三村", "parent": "620522100"},
               "geometry": {"type": "Polygon", "coordinates": [[[105.7, 34.9], [105.71, 34.9], [105.71, 34.91], [105.7, 34.92]]]}},
              {"type": "Feature", "properties": {"code": "620522100204", "name": "示例四村", "parent": "620522100"},
               "geometry": {"type": "Polygon", "coordinates": [[[105.7, 34.9], [105.71, 34.9], [105.71, 34.91], [105.7, 34.9]]]}}]}
            """);
        output = new StringWriter();
        Assert.Equal(1, await AreasImportCommand.Import(new FileInfo(mixed), url, null, output, CancellationToken.None));
        Assert.Contains("feature 0 (620522100203): 400 polygon.coordinates[0]: the ring is not closed", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 of 2 put, 1 refused", output.ToString(), StringComparison.Ordinal);

        var listed = await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/areas?prefix=620522100");
        Assert.Equal(["620522100", "620522100201", "620522100202", "620522100204"], listed!.Select(a => a.GetProperty("code").GetString()));
        var village = await engine.Http.GetFromJsonAsync<JsonElement>("/api/areas/620522100201");
        Assert.Equal(("示例一村", "620522100", "Polygon"), (village.GetProperty("name").GetString(), village.GetProperty("parent").GetString(), village.GetProperty("polygon").GetProperty("type").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await engine.Http.GetAsync("/api/areas/620522100299")).StatusCode);

        // Bad puts name their field.
        foreach (var (code, body, field) in new (string, object, string)[]
        {
            ("6205", new { name = "x" }, "code"),
            ("620522100205", new { name = "x", parent = "620523" }, "parent"),
            ("620522100205", new { name = "" }, "name"),
            ("620522100205", new { name = "x", polygon = new { type = "Point", coordinates = new[] { 105.7, 34.9 } } }, "polygon.type"),
        })
        {
            var refused = await engine.Http.PutAsJsonAsync($"/api/areas/{code}", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(field, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }

        // 55 mm in 6 h at the gauge of 620522100201: yellow, public at once; its CAP says the village and draws it.
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T08:00:00+08:00", 1, 30));
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T12:00:00+08:00", 2, 25));
        var publicWarning = (await Eventually.Get(() => PublicWarnings(engine), w => w.Count == 1, Wait, "yellow public warning"))[0];
        var text = await CapText(engine, publicWarning.GetProperty("id").GetString()!);
        Assert.Empty(CapSchema.Errors(XDocument.Parse(text)));
        var area = XDocument.Parse(text).Root!.Element(CapDocumentNs + "info")!.Element(CapDocumentNs + "area")!;
        Assert.Equal("示例一村（秦安县）", area.Element(CapDocumentNs + "areaDesc")!.Value);
        Assert.Equal("34.83,105.62 34.83,105.68 34.88,105.69 34.89,105.63 34.83,105.62", Assert.Single(area.Elements(CapDocumentNs + "polygon")).Value);
        Assert.Equal(certificate.Thumbprint, CapSignature.SignerOf(Assert.Single(CapSignature.Alerts(text)))?.Thumbprint);

        using var anonymous = new HttpClient { BaseAddress = engine.Http.BaseAddress };
        var feed = await anonymous.GetStringAsync("/api/cap/feed");
        Assert.Contains("示例一村（秦安县）", feed, StringComparison.Ordinal);
        Assert.All(CapSignature.Alerts(feed), alert => Assert.Equal(certificate.Thumbprint, CapSignature.SignerOf(alert)?.Thumbprint));
    }

    private static readonly XNamespace CapDocumentNs = Warning.Publication.Cap.CapDocument.Ns;
}
