using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Warning.Publication.Tests.Cap;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Publication;

/// <summary>
/// <c>Publication:SigningCertificate</c>: every CAP message the engine serves — a public warning's, a sensor warning's,
/// each entry of the feed — carries an enveloped XML signature that verifies with the configured certificate; a
/// certificate the engine cannot sign with stops it at start, naming the key.
/// </summary>
public sealed class CapSigningTests
{
    [Fact]
    public async Task Served_CAP_messages_and_every_feed_entry_verify_with_the_configured_certificate()
    {
        using var certificate = CapSignature.NewCertificate();
        var dir = Directory.CreateTempSubdirectory("warning-cap-signing-").FullName;
        var pfx = Path.Combine(dir, "cap-signing.p12");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "口令"));
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings:
            [$"--Publication:SigningCertificate={pfx}", "--Publication:SigningCertificatePassword=口令"]);

        // 55 mm in 6 h: yellow, public at once.
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T08:00:00+08:00", 1, 30));
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T12:00:00+08:00", 2, 25));
        var publicWarning = (await Eventually.Get(() => PublicWarnings(engine), w => w.Count == 1, Wait, "yellow public warning"))[0];
        var sensorWarning = (await engine.Warnings($"?sensorId={Engine.GaugeId}"))[0];

        foreach (var id in new[] { publicWarning.GetProperty("id").GetString()!, sensorWarning.GetProperty("id").GetString()! })
        {
            var text = await CapText(engine, id);
            Assert.Empty(CapSchema.Errors(XDocument.Parse(text)));
            var alert = Assert.Single(CapSignature.Alerts(text));
            Assert.Equal(certificate.Thumbprint, CapSignature.SignerOf(alert)?.Thumbprint);
        }

        using var anonymous = new HttpClient { BaseAddress = engine.Http.BaseAddress };
        var feed = await anonymous.GetStringAsync("/api/cap/feed");
        var entries = CapSignature.Alerts(feed);
        Assert.NotEmpty(entries);
        Assert.All(entries, alert => Assert.Equal(certificate.Thumbprint, CapSignature.SignerOf(alert)?.Thumbprint));
    }

    [Fact]
    public async Task A_missing_file_or_a_certificate_without_its_key_stops_the_engine_naming_the_key_and_its_environment_form()
    {
        using var certificate = CapSignature.NewCertificate();
        var dir = Directory.CreateTempSubdirectory("warning-cap-signing-").FullName;
        var publicOnly = Path.Combine(dir, "cap-signing.pem");
        File.WriteAllText(publicOnly, certificate.ExportCertificatePem());
        await using var influx = await InfluxServer.StartNew();

        foreach (var (setting, problem) in new[] { (Path.Combine(dir, "nonexistent.p12"), "no such file"), (publicOnly, "no private key") })
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => Engine.Start(influx.Url, settings: [$"--Publication:SigningCertificate={setting}"]));
            Assert.Contains("Publication:SigningCertificate", failure.Message, StringComparison.Ordinal);
            Assert.Contains("Publication__SigningCertificate", failure.Message, StringComparison.Ordinal);
            Assert.Contains(problem, failure.Message, StringComparison.Ordinal);
        }
    }
}
