using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace Warning.Ingest.Mqtt;

/// <summary>
/// TLS to the external broker: its certificate must match the host name and chain to <c>Mqtt:ExternalCaFile</c>
/// (a monitoring centre's own CA, or the broker's self-signed certificate) or, without one, to the system's roots.
/// </summary>
public static class BrokerTrust
{
    public static void Configure(MqttClientTlsOptionsBuilder tls, string? caFile)
    {
        tls.UseTls();
        if (caFile is null) return;
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caFile);
        tls.WithCertificateValidationHandler(e => Trusted(e.Certificate, e.SslPolicyErrors, roots));
    }

    public static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
