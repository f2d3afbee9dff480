using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Linq;
using Warning.Grains.Publication;
using Warning.Publication.Cap;

namespace Warning.Publication.Tests.Cap;

public sealed class CapSignerTests
{
    private static readonly XNamespace Cap = CapDocument.Ns;
    private static readonly XNamespace Dsig = SignedXml.XmlDsigNamespaceUrl;

    [Fact]
    public void A_signed_alert_verifies_with_the_certificate_it_carries_and_stays_valid_CAP()
    {
        using var certificate = CapSignature.NewCertificate();
        using var signer = new CapSigner(certificate);
        var warning = Samples.Warning(Hazards.Torrent, false, ("Alert", "orange", false), ("Update", "red", false));

        foreach (var version in warning.Versions)
        {
            var signed = signer.Sign(CapDocument.Build(warning, version.Number, Samples.Options));
            Assert.Empty(CapSchema.Errors(signed));
            var alert = Assert.Single(CapSignature.Alerts(CapSignature.AsServed(signed)));
            var by = CapSignature.SignerOf(alert);
            Assert.NotNull(by);
            Assert.Equal(certificate.Thumbprint, by.Thumbprint);
        }
    }

    [Fact]
    public void The_signature_is_enveloped_RSA_SHA256_over_C14N_with_the_certificate_as_X509Data_and_comes_last()
    {
        using var certificate = CapSignature.NewCertificate();
        using var signer = new CapSigner(certificate);
        var alert = signer.Sign(CapDocument.Build(Samples.Warning(Hazards.Rainstorm, false, ("Alert", "red", false)), 1, Samples.Options)).Root!;

        var signature = alert.Elements().Last();
        Assert.Equal(Dsig + "Signature", signature.Name);
        var info = signature.Element(Dsig + "SignedInfo")!;
        Assert.Equal(SignedXml.XmlDsigC14NTransformUrl, info.Element(Dsig + "CanonicalizationMethod")!.Attribute("Algorithm")!.Value);
        Assert.Equal(SignedXml.XmlDsigRSASHA256Url, info.Element(Dsig + "SignatureMethod")!.Attribute("Algorithm")!.Value);
        var reference = Assert.Single(info.Elements(Dsig + "Reference"));
        Assert.Equal("", reference.Attribute("URI")!.Value);
        Assert.Equal([SignedXml.XmlDsigEnvelopedSignatureTransformUrl],
            reference.Element(Dsig + "Transforms")!.Elements(Dsig + "Transform").Select(t => t.Attribute("Algorithm")!.Value));
        Assert.Equal(SignedXml.XmlDsigSHA256Url, reference.Element(Dsig + "DigestMethod")!.Attribute("Algorithm")!.Value);
        var carried = signature.Element(Dsig + "KeyInfo")!.Element(Dsig + "X509Data")!.Element(Dsig + "X509Certificate")!.Value;
        Assert.Equal(certificate.RawData, Convert.FromBase64String(carried));
    }

    [Fact]
    public void Changing_the_headline_breaks_the_signature()
    {
        using var certificate = CapSignature.NewCertificate();
        using var signer = new CapSigner(certificate);
        var text = CapSignature.AsServed(signer.Sign(CapDocument.Build(Samples.Warning(Hazards.Rainstorm, false, ("Alert", "red", false)), 1, Samples.Options)));
        var alert = Assert.Single(CapSignature.Alerts(text));
        Assert.NotNull(CapSignature.SignerOf(alert));

        var headline = alert.GetElementsByTagName("headline", Cap.NamespaceName).Cast<XmlElement>().First();
        Assert.False(string.IsNullOrEmpty(headline.InnerText));
        headline.InnerText = "演练：暴雨蓝色预警已解除";
        Assert.Null(CapSignature.SignerOf(alert));
    }

    [Fact]
    public void A_signature_from_another_key_does_not_pass_for_ours()
    {
        using var ours = CapSignature.NewCertificate();
        using var theirs = CapSignature.NewCertificate("CN=somebody else");
        using var forger = new CapSigner(theirs);
        var text = CapSignature.AsServed(forger.Sign(CapDocument.Build(Samples.Warning(Hazards.Rainstorm, false, ("Alert", "red", false)), 1, Samples.Options)));
        var by = CapSignature.SignerOf(Assert.Single(CapSignature.Alerts(text)));
        Assert.NotNull(by);   // a valid signature — of a different certificate, which a receiver pins
        Assert.NotEqual(ours.Thumbprint, by.Thumbprint);
    }

    [Fact]
    public void Every_entry_of_the_feed_verifies_on_its_own()
    {
        using var certificate = CapSignature.NewCertificate();
        using var signer = new CapSigner(certificate);
        var a = Samples.Warning(Hazards.Rainstorm, false, ("Alert", "yellow", false), ("Update", "red", false));
        var b = Samples.Warning(Hazards.Torrent, true, ("Alert", "orange", false));
        var text = CapSignature.AsServed(AtomFeed.Build([a, b], "http://127.0.0.1:8080", Samples.Options, signer, DateTimeOffset.UtcNow));

        var alerts = CapSignature.Alerts(text);
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, alert => Assert.Equal(certificate.Thumbprint, CapSignature.SignerOf(alert)?.Thumbprint));
    }

    [Fact]
    public void Without_a_certificate_nothing_is_signed()
    {
        using var signer = CapSigner.From(new PublicationOptions());
        Assert.False(signer.Signs);
        var document = CapDocument.Build(Samples.Warning(Hazards.Rainstorm, false, ("Alert", "red", false)), 1, Samples.Options);
        Assert.Same(document, signer.Sign(document));
        Assert.Empty(document.Descendants(Dsig + "Signature"));
    }

    [Fact]
    public void The_certificate_loads_from_PKCS12_with_a_password_and_from_PEM_with_its_key_beside_or_inside()
    {
        using var certificate = CapSignature.NewCertificate();
        var dir = Directory.CreateTempSubdirectory("warning-cap-signing-").FullName;
        var pfx = Path.Combine(dir, "cap.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "秘密"));
        var pem = Path.Combine(dir, "cap.pem");
        File.WriteAllText(pem, certificate.ExportCertificatePem());
        var key = Path.Combine(dir, "cap.key");
        using (var rsa = certificate.GetRSAPrivateKey()!) File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        var both = Path.Combine(dir, "cap-with-key.pem");
        File.WriteAllText(both, File.ReadAllText(pem) + "\n" + File.ReadAllText(key));

        foreach (var options in new[]
        {
            new PublicationOptions { SigningCertificate = pfx, SigningCertificatePassword = "秘密" },
            new PublicationOptions { SigningCertificate = pem, SigningKey = key },
            new PublicationOptions { SigningCertificate = both },
        })
        {
            Assert.Empty(Problems(options));
            using var signer = CapSigner.From(options);
            Assert.True(signer.Signs);
            var text = CapSignature.AsServed(signer.Sign(CapDocument.Build(Samples.Warning(Hazards.Rainstorm, false, ("Alert", "red", false)), 1, Samples.Options)));
            Assert.Equal(certificate.Thumbprint, CapSignature.SignerOf(Assert.Single(CapSignature.Alerts(text)))?.Thumbprint);
        }
    }

    [Fact]
    public void A_missing_or_unreadable_file_or_a_certificate_without_a_private_key_with_an_EC_key_or_expired_is_refused()
    {
        using var certificate = CapSignature.NewCertificate();
        var dir = Directory.CreateTempSubdirectory("warning-cap-signing-").FullName;
        var pfx = Path.Combine(dir, "cap.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "right"));
        var certOnlyPem = Path.Combine(dir, "public.pem");
        File.WriteAllText(certOnlyPem, certificate.ExportCertificatePem());
        var certOnlyPfx = Path.Combine(dir, "public.p12");
        using (var publicPart = X509CertificateLoader.LoadCertificate(certificate.RawData)) File.WriteAllBytes(certOnlyPfx, publicPart.Export(X509ContentType.Pkcs12));
        var garbage = Path.Combine(dir, "garbage.pfx");
        File.WriteAllText(garbage, "not a certificate");
        var ec = Path.Combine(dir, "ec.pfx");
        using (var ecKey = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        using (var ecCertificate = new CertificateRequest("CN=ec", ecKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)))
            File.WriteAllBytes(ec, ecCertificate.Export(X509ContentType.Pkcs12));

        var expired = Path.Combine(dir, "expired.pfx");
        using (var rsa = RSA.Create(2048))
        using (var old = new CertificateRequest("CN=old", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(-1)))
            File.WriteAllBytes(expired, old.Export(X509ContentType.Pkcs12));

        Assert.Contains("no such file", Problem(new PublicationOptions { SigningCertificate = Path.Combine(dir, "nonexistent.pfx") }));
        Assert.Contains("private key", Problem(new PublicationOptions { SigningCertificate = certOnlyPem }));
        Assert.Contains("private key", Problem(new PublicationOptions { SigningCertificate = certOnlyPfx }));
        Assert.NotNull(Problem(new PublicationOptions { SigningCertificate = pfx, SigningCertificatePassword = "wrong" }));
        Assert.NotNull(Problem(new PublicationOptions { SigningCertificate = garbage }));
        Assert.Contains("not RSA", Problem(new PublicationOptions { SigningCertificate = ec }));
        Assert.Contains("expired", Problem(new PublicationOptions { SigningCertificate = expired }));
        Assert.Contains("does not exist", Problem(new PublicationOptions { SigningCertificate = certOnlyPem, SigningKey = Path.Combine(dir, "nonexistent.key") }));
        Assert.Throws<CryptographicException>(() => CapSigner.From(new PublicationOptions { SigningCertificate = certOnlyPem }));
        Assert.Equal(["SigningKey"], Problems(new PublicationOptions { SigningKey = Path.Combine(dir, "cap.key") }).SelectMany(r => r.MemberNames));
    }

    private static string? Problem(PublicationOptions options)
    {
        var problems = Problems(options);
        Assert.All(problems, p => Assert.Equal(["SigningCertificate"], p.MemberNames));
        return problems.SingleOrDefault()?.ErrorMessage;
    }

    private static List<ValidationResult> Problems(PublicationOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
