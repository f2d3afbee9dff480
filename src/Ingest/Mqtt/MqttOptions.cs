using System.ComponentModel.DataAnnotations;

namespace Warning.Ingest.Mqtt;

/// <summary>The <c>Mqtt</c> config section (CONTRACT.md).</summary>
public sealed class MqttOptions : IValidatableObject
{
    public const string Section = "Mqtt";

    /// <summary>TCP port of the embedded broker on 127.0.0.1. Default 1883.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

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

    /// <summary>Group of the shared subscription on an external broker, so several silos split the load.</summary>
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string ShareGroup { get; set; } = "warning";

    /// <summary>Client id on an external broker; the session persists, so keep it stable per silo.</summary>
    public string? ClientId { get; set; }

    /// <summary>Messages in flight from an external broker before it waits for acknowledgements. Default 1000.</summary>
    [Range(1, 65535)]
    public int ReceiveMaximum { get; set; } = 1000;

    public bool UsesExternalBroker => !string.IsNullOrWhiteSpace(ExternalBroker);

    public (string Host, int Port) ExternalEndpoint() =>
        TryParseEndpoint(ExternalBroker, out var endpoint) ? endpoint : throw new InvalidOperationException("Mqtt:ExternalBroker is not host:port");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesExternalBroker && !TryParseEndpoint(ExternalBroker, out _))
        {
            yield return new ValidationResult(
                $"Mqtt:ExternalBroker (env Mqtt__ExternalBroker) must be host:port such as 127.0.0.1:1883, got \"{ExternalBroker}\"",
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
