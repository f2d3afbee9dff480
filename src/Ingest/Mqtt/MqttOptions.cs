using System.ComponentModel.DataAnnotations;

namespace Warning.Ingest.Mqtt;

/// <summary>The <c>Mqtt</c> config section (CONTRACT.md).</summary>
public sealed class MqttOptions : IValidatableObject
{
    public const string Section = "Mqtt";

    /// <summary>Plain TCP port of the embedded broker. Default 1883; 0 turns the plain listener off (TLS only).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>
    /// The embedded broker's certificate for its TLS listener: a PEM file (with <see cref="TlsKey"/>) or a PKCS#12
    /// file (<c>.pfx</c>/<c>.p12</c>, with <see cref="TlsCertificatePassword"/> if it has one). Unset: no TLS listener.
    /// </summary>
    public string? TlsCertificate { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCertificate"/> when that is a PEM certificate.</summary>
    public string? TlsKey { get; set; }

    public string? TlsCertificatePassword { get; set; }

    /// <summary>Port of the TLS listener. Default 8883.</summary>
    [Range(1, 65535)]
    public int TlsPort { get; set; } = 8883;

    /// <summary>
    /// Messages a second one sensor may publish to the embedded broker, with a burst of ten times as many; more are
    /// refused (PUBACK quota exceeded) and counted as <c>rate-limited</c>. Default 20; 0: no limit.
    /// </summary>
    [Range(0, 1_000_000)]
    public int PerSensorPerSecond { get; set; } = 20;

    /// <summary>Address the embedded broker listens on. Default 127.0.0.1.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Let devices connect to the embedded broker without logging in (and publish to any sensor's topic). Default
    /// false; <c>./warning up</c> turns it on for trying the engine locally. Devices log in with their sensor id and
    /// the secret whose hash is the registry entry's <c>credential</c>.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary><c>host:port</c> of an external broker (mosquitto) to subscribe to instead of embedding one.</summary>
    public string? ExternalBroker { get; set; }

    /// <summary>The engine's login on the external broker (<c>./warning mosquitto-auth</c> makes the account); none: anonymous.</summary>
    public string? Username { get; set; }

    /// <summary>The engine's secret on the external broker.</summary>
    public string? Password { get; set; }

    /// <summary>Connect to the external broker over TLS (its port is then usually 8883).</summary>
    public bool ExternalTls { get; set; }

    /// <summary>PEM file of the CA (or the self-signed certificate) the external broker's certificate must chain to; unset: the system's trust store.</summary>
    public string? ExternalCaFile { get; set; }

    /// <summary>
    /// Group of the shared subscription on an external broker, so several silos split the load. Unset (a single
    /// engine): a plain subscription, which mosquitto keeps in the persistent session across its own restart — it
    /// does not keep shared ones (mosquitto 2.0). A cluster (<c>Cluster:Provider=redis</c>) sets <c>warning</c>.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string? ShareGroup { get; set; }

    /// <summary>Client id on an external broker; the session persists, so keep it stable per silo.</summary>
    public string? ClientId { get; set; }

    /// <summary>Messages in flight from an external broker before it waits for acknowledgements. Default 1000.</summary>
    [Range(1, 65535)]
    public int ReceiveMaximum { get; set; } = 1000;

    public bool UsesExternalBroker => !string.IsNullOrWhiteSpace(ExternalBroker);

    public (string Host, int Port) ExternalEndpoint() =>
        TryParseEndpoint(ExternalBroker, out var endpoint) ? endpoint : throw new InvalidOperationException("Mqtt:ExternalBroker is not host:port");

    public bool UsesTls => !string.IsNullOrWhiteSpace(TlsCertificate);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesTls && BrokerCertificate.Problem(this) is { } problem)
            yield return new ValidationResult(problem, [nameof(TlsCertificate)]);
        if (!UsesExternalBroker && Port == 0 && !UsesTls)
            yield return new ValidationResult("0 (no plain listener) needs Mqtt:TlsCertificate, or the broker would have no listener at all", [nameof(Port)]);
        if (ExternalCaFile is not null && !File.Exists(ExternalCaFile))
            yield return new ValidationResult("no such file", [nameof(ExternalCaFile)]);
        if (UsesExternalBroker && !TryParseEndpoint(ExternalBroker, out _))
        {
            yield return new ValidationResult(
                "must be host:port such as 127.0.0.1:1883",
                [nameof(ExternalBroker)]);
        }
    }

    private static bool TryParseEndpoint(string? text, out (string Host, int Port) endpoint)
    {
        endpoint = default;
        var parts = text?.Trim().Split(':');
        if (parts is not { Length: 2 } || parts[0].Length == 0) return false;
        if (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535) return false;
        endpoint = (parts[0], port);
        return true;
    }
}
