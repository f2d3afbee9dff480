using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Warning.Ingest.Mqtt;

/// <summary>Loads the embedded broker's TLS certificate (<c>Mqtt:TlsCertificate</c>), PEM with its key or PKCS#12.</summary>
public static class BrokerCertificate
{
    public static X509Certificate2 Load(MqttOptions options)
    {
        var path = options.TlsCertificate!;
        var certificate = Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12"
            ? X509CertificateLoader.LoadPkcs12FromFile(path, options.TlsCertificatePassword)
            : X509Certificate2.CreateFromPemFile(path, options.TlsKey);
        if (!certificate.HasPrivateKey) throw new CryptographicException("the certificate has no private key; set Mqtt:TlsKey to its PEM key file");
        return certificate;
    }

    /// <summary>Null when the certificate loads with its private key; otherwise what is wrong.</summary>
    public static string? Problem(MqttOptions options)
    {
        if (!File.Exists(options.TlsCertificate)) return "no such file";
        if (options.TlsKey is not null && !File.Exists(options.TlsKey)) return $"its key Mqtt:TlsKey \"{options.TlsKey}\" does not exist";
        try
        {
            using var certificate = Load(options);
            return certificate.NotAfter < DateTime.Now ? $"expired on {certificate.NotAfter:yyyy-MM-dd}" : null;
        }
        catch (CryptographicException e)
        {
            return e.Message;
        }
    }
}
