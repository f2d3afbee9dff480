using Warning.Publication.Areas;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Warning.Grains.Publication;
using Warning.Publication.Cap;

namespace Warning.Publication.Tests.Cap;

public sealed partial class CapDocumentTests
{
    private static readonly XNamespace Cap = CapDocument.Ns;

    public static TheoryData<string> AllHazards => [Hazards.Rainstorm, Hazards.Torrent, Hazards.Geohazard, Hazards.Chemical, Hazards.ForestFire];

    [GeneratedRegex(@"^\d{6}\d{8}_\d{14}_\d$")]
    private static partial Regex Gbt35965();

    [Theory]
    [MemberData(nameof(AllHazards))]
    public void Every_version_of_every_hazard_is_valid_CAP(string hazard)
    {
        var warning = Samples.Warning(hazard, exercise: false,
            ("Alert", "yellow", false), ("Update", "red", false), ("Update", "orange", false), ("Update", "orange", true));
        var cancelled = Samples.Warning(hazard, exercise: true, ("Alert", "orange", false), ("Cancel", "orange", false));
        foreach (var (w, n) in warning.Versions.Select(v => (warning, v.Number)).Concat(cancelled.Versions.Select(v => (cancelled, v.Number))))
        {
            var document = CapDocument.Build(w, n, Samples.Options);
            Assert.Empty(CapSchema.Errors(document));
        }
    }

    [Fact]
    public void Message_types_references_and_all_clear_follow_the_versions()
    {
        var warning = Samples.Warning(Hazards.Rainstorm, false, ("Alert", "orange", false), ("Update", "red", false), ("Update", "red", true));
        var alerts = warning.Versions.Select(v => CapDocument.Build(warning, v.Number, Samples.Options).Root!).ToList();

        Assert.Equal(["Alert", "Update", "Update"], alerts.Select(a => a.Element(Cap + "msgType")!.Value));
        Assert.Null(alerts[0].Element(Cap + "references"));
        var references = alerts[2].Element(Cap + "references")!.Value.Split(' ');
        Assert.Equal(2, references.Length);
        Assert.Equal($"{Samples.Options.Sender},{alerts[0].Element(Cap + "identifier")!.Value},{alerts[0].Element(Cap + "sent")!.Value}", references[0]);
        Assert.Equal("AllClear", alerts[2].Element(Cap + "info")!.Element(Cap + "responseType")!.Value);
        Assert.Equal("Extreme", alerts[1].Element(Cap + "info")!.Element(Cap + "severity")!.Value);
        Assert.All(alerts, a => Assert.Matches(Gbt35965(), a.Element(Cap + "identifier")!.Value));
        Assert.All(alerts, a => Assert.Equal("Actual", a.Element(Cap + "status")!.Value));
    }

    [Fact]
    public void A_joint_warning_names_every_issuing_unit_as_sender_and_senderName_and_still_verifies_signed()
    {
        IssuingUnit[] joint = [new("natural-resources", "某某县自然资源局", "zrzyj@620522.example"), new("meteorology", "某某县气象局", "qxj@620522.example")];
        var plain = Samples.Warning(Hazards.Geohazard, false, ("Alert", "orange", false), ("Update", "red", false));
        // The centre issued the orange (no unit approved it, as before units); both units issued the red.
        var warning = plain with { Versions = [plain.Versions[0], plain.Versions[1] with { Issuers = joint }] };
        var orange = CapDocument.Build(warning, 1, Samples.Options).Root!;
        var red = CapDocument.Build(warning, 2, Samples.Options);

        Assert.Equal((Samples.Options.Sender, Samples.Options.SenderName), (orange.Element(Cap + "sender")!.Value, orange.Element(Cap + "info")!.Element(Cap + "senderName")!.Value));
        Assert.Equal("zrzyj@620522.example+qxj@620522.example", red.Root!.Element(Cap + "sender")!.Value);
        Assert.All(red.Root.Elements(Cap + "info"), info => Assert.Equal("某某县自然资源局、某某县气象局", info.Element(Cap + "senderName")!.Value));
        // A reference names the sender of the message it refers to.
        Assert.StartsWith($"{Samples.Options.Sender},{orange.Element(Cap + "identifier")!.Value},", red.Root.Element(Cap + "references")!.Value);
        Assert.Empty(CapSchema.Errors(red));

        using var certificate = CapSignature.NewCertificate();
        using var signer = new CapSigner(certificate);
        var served = CapSignature.AsServed(signer.Sign(red));
        var alert = Assert.Single(CapSignature.Alerts(served));
        Assert.Equal(certificate.Thumbprint, CapSignature.SignerOf(alert)?.Thumbprint);
        Assert.Null(CapSignature.SignerOf(Assert.Single(CapSignature.Alerts(served.Replace("某某县气象局", "某某县水利局")))));
    }

    [Fact]
    public void Identifier_is_region_unit_Beijing_time_and_serial()
    {
        var id = CapIdentifier.For("620522100201", "12300000", new DateTimeOffset(2024, 7, 16, 3, 4, 5, TimeSpan.Zero), 13);
        Assert.Equal("62052212300000_20240716110405_3", id);
    }

    [Fact]
    public void Chinese_and_English_info_blocks_with_area_geocodes_and_a_circle()
    {
        var warning = Samples.Warning(Hazards.Torrent, true, ("Alert", "red", false));
        var alert = CapDocument.Build(warning, 1, Samples.Options).Root!;

        Assert.Equal("Exercise", alert.Element(Cap + "status")!.Value);
        var infos = alert.Elements(Cap + "info").ToList();
        Assert.Equal(["zh-CN", "en-US"], infos.Select(i => i.Element(Cap + "language")!.Value));
        Assert.Contains("山洪灾害红色预警（立即转移）", infos[0].Element(Cap + "headline")!.Value);
        Assert.Contains("torrent", infos[1].Element(Cap + "headline")!.Value);
        Assert.Equal("Evacuate", infos[0].Element(Cap + "responseType")!.Value);
        var area = infos[0].Element(Cap + "area")!;
        Assert.Equal(["620522", "620522100201"], area.Elements(Cap + "geocode").Select(g => g.Element(Cap + "value")!.Value));
        Assert.Equal("34.86,105.67 5", Assert.Single(area.Elements(Cap + "circle")).Value);
    }

    [Fact]
    public void A_known_area_is_named_with_its_county_and_drawn_as_its_polygon_and_the_signed_alert_verifies()
    {
        var warning = Samples.Warning(Hazards.Torrent, false, ("Alert", "red", false));
        using var geometry = JsonDocument.Parse("""
            {"type": "MultiPolygon", "coordinates": [
              [[[105.60, 34.80], [105.75, 34.80], [105.75, 34.92], [105.60, 34.92], [105.60, 34.80]], [[105.65, 34.85], [105.66, 34.85], [105.66, 34.86], [105.65, 34.85]]],
              [[[105.80, 34.80], [105.85, 34.80], [105.85, 34.85], [105.80, 34.80]]]]}
            """);
        var problems = new List<(string, string)>();
        var boundary = AreaBoundary.Parse(geometry.RootElement, "polygon", problems);
        Assert.Empty(problems);
        var areas = new Dictionary<string, KnownArea>
        {
            [warning.Area] = new(warning.Area, "张家村", boundary),
            [warning.Region] = new(warning.Region, "某某县", null),
        };
        var document = CapDocument.Build(warning, 1, Samples.Options, areas);
        Assert.Empty(CapSchema.Errors(document));
        var area = document.Root!.Element(Cap + "info")!.Element(Cap + "area")!;
        Assert.Equal("张家村（某某县）", area.Element(Cap + "areaDesc")!.Value);
        // One polygon per outer ring (CAP has no holes), lat,lon pairs, closed; the sensors' circles give way to it.
        Assert.Equal(["34.8,105.6 34.8,105.75 34.92,105.75 34.92,105.6 34.8,105.6", "34.8,105.8 34.8,105.85 34.85,105.85 34.8,105.8"],
            area.Elements(Cap + "polygon").Select(p => p.Value));
        Assert.Empty(area.Elements(Cap + "circle"));
        Assert.Equal(["620522", "620522100201"], area.Elements(Cap + "geocode").Select(g => g.Element(Cap + "value")!.Value));

        using var certificate = CapSignature.NewCertificate();
        using var signer = new CapSigner(certificate);
        var served = CapSignature.AsServed(signer.Sign(document));
        Assert.Equal(certificate.Thumbprint, CapSignature.SignerOf(Assert.Single(CapSignature.Alerts(served)))?.Thumbprint);
        Assert.Null(CapSignature.SignerOf(Assert.Single(CapSignature.Alerts(served.Replace("34.92,105.75", "34.93,105.75")))));
    }

    [Fact]
    public void A_broken_document_fails_the_schema()
    {
        var warning = Samples.Warning(Hazards.Rainstorm, false, ("Alert", "red", false));
        var missingSender = CapDocument.Build(warning, 1, Samples.Options);
        missingSender.Root!.Element(Cap + "sender")!.Remove();
        var badType = CapDocument.Build(warning, 1, Samples.Options);
        badType.Root!.Element(Cap + "msgType")!.Value = "Issue";
        var utcZ = CapDocument.Build(warning, 1, Samples.Options);
        utcZ.Root!.Element(Cap + "sent")!.Value = "2024-07-16T03:00:00Z";

        Assert.NotEmpty(CapSchema.Errors(missingSender));
        Assert.NotEmpty(CapSchema.Errors(badType));
        Assert.NotEmpty(CapSchema.Errors(utcZ));
    }

    [Fact]
    public void A_sensor_warning_has_CAP_from_its_own_history()
    {
        var t = Samples.Onset;
        var record = new Warning.Grains.Warnings.WarningRecord("G1-20240716T030000Z", "G1", "rain", "cma-rainstorm", "red", "cancelled", false,
            t, t.AddHours(2), null, ["620522100201"], "620522", "h", "d", Samples.EvidenceOf(Hazards.Rainstorm),
            [
                new(t, "orange", "issued", "engine"), new(t.AddMinutes(5), "orange", "approved", "王值班"),
                new(t.AddHours(1), "red", "upgraded", "engine"), new(t.AddHours(2), "red", "cancelled", "王值班", null, "误报"),
            ]);
        var warning = SensorWarningCap.AsPublic(record, Samples.Options);

        Assert.Equal(["Alert", "Update", "Cancel"], warning.Versions.Select(v => v.MsgType));
        Assert.All(warning.Versions, v => Assert.Empty(CapSchema.Errors(CapDocument.Build(warning, v.Number, Samples.Options))));
    }

    [Fact]
    public void A_sensor_warnings_CAP_names_the_units_that_approved_each_level_and_keeps_them_for_its_cancellation()
    {
        var t = Samples.Onset;
        var record = new Warning.Grains.Warnings.WarningRecord("L1-20240716T030000Z", "L1", "landslide", "tangential-angle", "red", "cancelled", false,
            t, t.AddHours(2), null, ["620522100201"], "620522", "h", "d", Samples.EvidenceOf(Hazards.Geohazard),
            [
                new(t, "orange", "issued", "engine"), new(t.AddHours(1), "red", "upgraded", "engine"),
                new(t.AddMinutes(5), "orange", "approved", "王值班"),
                new(t.AddHours(1.1), "red", "approved", "气象局 王五", null, "会商", "meteorology"),
                new(t.AddHours(1.2), "red", "approved", "自然资源局 张三", null, "会商", "natural-resources"),
                new(t.AddHours(2), "red", "cancelled", "王值班", null, "误报"),
            ]);
        var policy = Warning.Publication.Authorities.AuthoritiesFile.Parse("""
            units:
              - {id: natural-resources, name: 某某县自然资源局, sender: zrzyj}
              - {id: meteorology, name: 某某县气象局, sender: qxj}
            """, "authorities.yaml").Policy!;
        var warning = SensorWarningCap.AsPublic(record, Samples.Options, policy);

        string Names(int n) => CapDocument.Build(warning, n, Samples.Options).Root!.Element(Cap + "info")!.Element(Cap + "senderName")!.Value;
        Assert.Equal(Samples.Options.SenderName, Names(1));   // the orange: no unit approved it, the centre speaks
        Assert.Equal("某某县自然资源局、某某县气象局", Names(2)); // the red: both units, in the file's order
        Assert.Equal("某某县自然资源局、某某县气象局", Names(3)); // its cancellation: the same units
        Assert.Equal("zrzyj+qxj", CapDocument.Build(warning, 3, Samples.Options).Root!.Element(Cap + "sender")!.Value);
    }

    [Fact]
    public void The_Atom_feed_embeds_the_latest_version_of_each_warning()
    {
        var a = Samples.Warning(Hazards.Rainstorm, false, ("Alert", "orange", false), ("Update", "red", false));
        var b = Samples.Warning(Hazards.Geohazard, false, ("Alert", "yellow", false));
        var feed = AtomFeed.Build([a, b], "http://127.0.0.1:8080", Samples.Options, new CapSigner(null), DateTimeOffset.UtcNow).Root!;

        var entries = feed.Elements(AtomFeed.Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        var embedded = entries.Select(e => e.Element(AtomFeed.Atom + "content")!.Element(Cap + "alert")!).ToList();
        Assert.Contains(embedded, alert => alert.Element(Cap + "identifier")!.Value == a.Versions[1].Identifier);
        Assert.All(embedded, alert => Assert.Empty(CapSchema.Errors(new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(alert)))));
        Assert.Contains(entries, e => e.Element(AtomFeed.Atom + "link")!.Attribute("href")!.Value.EndsWith("/cap?version=2", StringComparison.Ordinal));
    }
}
