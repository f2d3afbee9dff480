using Warning.Ingest.Registry;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Security;

/// <summary>
/// Who may connect to the embedded broker and what each may publish: a device logs in with its sensor id and secret
/// (checked against the registry's <c>credential</c>) and may publish only to its own <c>sensors/{kind}/{id}/…</c>
/// topics; without a user name only where <c>Mqtt:AllowAnonymous</c> is on (the local development default).
/// </summary>
public sealed class DeviceAccess(SensorRegistry registry, bool allowAnonymous)
{
    public const string Anonymous = "";

    /// <summary>The sensor id the client logged in as (<see cref="Anonymous"/> when anonymous access is allowed), or why it is refused.</summary>
    public (string? Identity, string? Refusal) Authenticate(string? userName, string? password)
    {
        if (string.IsNullOrEmpty(userName))
            return allowAnonymous ? (Anonymous, null) : (null, "anonymous connections are refused (Mqtt:AllowAnonymous is off): log in as the sensor id with its secret");
        if (!registry.TryGet(userName, out var sensor)) return (null, $"no sensor \"{userName}\" in the registry");
        if (sensor.Credential is null) return (null, $"sensor \"{userName}\" has no credential in the registry");
        return DeviceCredential.Verify(password ?? "", sensor.Credential) ? (userName, null) : (null, $"wrong secret for sensor \"{userName}\"");
    }

    /// <summary>Null when <paramref name="identity"/> may publish to <paramref name="topic"/>; otherwise why not.</summary>
    public static string? Forbidden(string identity, string topic)
    {
        if (identity == Anonymous) return null;
        return SensorTopic.Parse(topic)?.SensorId == identity ? null : $"sensor \"{identity}\" may publish only to sensors/{{kind}}/{identity}/..., not to \"{topic}\"";
    }
}
