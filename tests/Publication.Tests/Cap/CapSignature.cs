using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Warning.Publication.Tests.Cap;

/// <summary>
/// Checks CAP signatures as a receiver would: from the text, whitespace kept, each alert (alone, or taken out of a
/// feed entry) a document of its own, with <see cref="SignedXml.CheckSignature()"/>.
/// </summary>
internal static class CapSignature
{
    /// <summary>A self-signed RSA certificate with its key, made in memory, valid from yesterday for a month.</summary>
    public static X509Certificate2 NewCertificate(string name = "CN=监测预警中心 CAP signing")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>The document as the API writes it (<c>XDocument.Save</c>, indented).</summary>
    public static string AsServed(XDocument document)
    {
        var text = new StringBuilder();
        using (var writer = new StringWriter(text)) document.Save(writer);
        return text.ToString();
    }

    /// <summary>The alerts of a CAP document or of an Atom feed's entries, each as the element in the received text.</summary>
    public static List<XmlElement> Alerts(string text)
    {
        var xml = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        xml.LoadXml(text);
        return xml.GetElementsByTagName("alert", "urn:oasis:names:tc:emergency:cap:1.2").Cast<XmlElement>().ToList();
    }

    /// <summary>The certificate an alert was signed with, if its one signature verifies; otherwise null.</summary>
    public static X509Certificate2? SignerOf(XmlElement alert)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.AppendChild(document.ImportNode(alert, deep: true));
        var signatures = document.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl);
        if (signatures.Count != 1) return null;
        var signed = new SignedXml(document);
        signed.LoadXml((XmlElement)signatures[0]!);
        var certificate = signed.KeyInfo.OfType<KeyInfoX509Data>().SelectMany(d => d.Certificates!.Cast<X509Certificate2>()).FirstOrDefault();
        return certificate is not null && signed.CheckSignature() && signed.CheckSignature(certificate, verifySignatureOnly: true) ? certificate : null;
    }
}
