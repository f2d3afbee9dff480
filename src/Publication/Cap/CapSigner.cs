using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Linq;

namespace Warning.Publication.Cap;

/// <summary>
/// Signs CAP 1.2 alerts with an enveloped XML signature, as CAP 1.2 provides for, so a receiver can tell a message of this
/// centre from a forged one: RSA-SHA256 over the alert canonicalised with C14N (the enveloped-signature transform
/// leaves the signature itself out), SHA-256 digest, <c>Reference URI=""</c> (the whole alert), and the certificate in
/// <c>KeyInfo/X509Data</c>. The <c>Signature</c> element is the alert's last child, where the CAP schema admits it.
/// <para>
/// The signature covers the alert exactly as it is written — indented, as the engine serves it — and the signed
/// alert keeps that whitespace as text, so writing it again (alone, or inside an Atom entry) leaves it as signed. In
/// the feed, a receiver verifies an entry's alert taken out as a document of its own.
/// </para>
/// <para>
/// Without <c>Publication:SigningCertificate</c> the signer signs nothing and an alert is served as before. The
/// certificate is <c>.pfx</c>/<c>.p12</c> (PKCS#12, with <c>Publication:SigningCertificatePassword</c> if it has
/// one), or a PEM certificate with its key in the same file or in <c>Publication:SigningKey</c> (an encrypted PEM key
/// takes the password too). Only RSA keys: .NET's <see cref="SignedXml"/> has no ECDSA.
/// </para>
/// </summary>
public sealed class CapSigner : IDisposable
{
    private readonly X509Certificate2? _certificate;

    /// <param name="certificate">With its RSA private key; null signs nothing.</param>
    public CapSigner(X509Certificate2? certificate)
    {
        if (certificate is not null && Unusable(certificate) is { } problem) throw new CryptographicException(problem);
        _certificate = certificate;
    }

    /// <summary>Signs with <c>Publication:SigningCertificate</c>, or nothing when it is not set.</summary>
    public static CapSigner From(PublicationOptions options) =>
        string.IsNullOrWhiteSpace(options.SigningCertificate) ? new CapSigner(null) : new CapSigner(Load(options));

    /// <summary>Whether alerts are signed at all.</summary>
    public bool Signs => _certificate is not null;

    /// <summary>
    /// The alert with its signature as last child, ready to be written as it is or placed in a feed entry; the same
    /// document when nothing is signed.
    /// </summary>
    public XDocument Sign(XDocument alert)
    {
        if (_certificate is null) return alert;
        var xml = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        xml.LoadXml(alert.Declaration + alert.ToString(SaveOptions.None));
        using var key = _certificate.GetRSAPrivateKey()!;
        var signed = new SignedXml(xml) { SigningKey = key };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;
        var reference = new Reference("") { DigestMethod = SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        signed.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(_certificate));
        signed.KeyInfo = keyInfo;
        signed.ComputeSignature();
        xml.DocumentElement!.AppendChild(xml.ImportNode(signed.GetXml(), deep: true));
        using var reader = new XmlNodeReader(xml.DocumentElement);
        return new XDocument(alert.Declaration, XElement.Load(reader, LoadOptions.PreserveWhitespace));
    }

    /// <summary>The certificate of <c>Publication:SigningCertificate</c>, with its private key.</summary>
    public static X509Certificate2 Load(PublicationOptions options)
    {
        var path = options.SigningCertificate!;
        var password = string.IsNullOrEmpty(options.SigningCertificatePassword) ? null : options.SigningCertificatePassword;
        X509Certificate2 certificate;
        if (Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12")
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        else if (options.SigningKey is null && !File.ReadAllText(path).Contains("PRIVATE KEY", StringComparison.Ordinal))
            certificate = X509CertificateLoader.LoadCertificateFromFile(path);   // a certificate alone: said below
        else if (password is null)
            certificate = X509Certificate2.CreateFromPemFile(path, options.SigningKey);
        else
            certificate = X509Certificate2.CreateFromEncryptedPemFile(path, password, options.SigningKey);
        if (Unusable(certificate) is { } problem)
        {
            certificate.Dispose();
            throw new CryptographicException(problem);
        }
        return certificate;
    }

    /// <summary>Null when <c>Publication:SigningCertificate</c> loads with an RSA private key and has not expired; else what is wrong.</summary>
    public static string? Problem(PublicationOptions options)
    {
        if (!File.Exists(options.SigningCertificate)) return "no such file";
        if (options.SigningKey is not null && !File.Exists(options.SigningKey)) return $"its key Publication:SigningKey \"{options.SigningKey}\" does not exist";
        try
        {
            using var certificate = Load(options);
            return certificate.NotAfter < DateTime.Now ? $"expired on {certificate.NotAfter:yyyy-MM-dd}" : null;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    public void Dispose() => _certificate?.Dispose();

    private static string? Unusable(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
            return "the certificate has no private key: give a .pfx/.p12 that holds it, a PEM file with the key in it, or Publication:SigningKey";
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null)
            return $"the certificate's key is {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value}, not RSA: CAP signatures here are RSA-SHA256";
        return null;
    }
}
