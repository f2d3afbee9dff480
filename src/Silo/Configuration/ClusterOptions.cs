using System.ComponentModel.DataAnnotations;

namespace Warning.Silo.Configuration;

/// <summary>The <c>Cluster</c> config section: how silos find each other and where grain state lives.</summary>
public sealed class ClusterOptions : IValidatableObject
{
    public const string Section = "Cluster";

    /// <summary>
    /// <c>localhost</c> (one process, grain state as files under <c>Data:Dir</c>; the default) or <c>redis</c>
    /// (several silos: membership, grain state and reminders in the Redis at <see cref="Redis"/>).
    /// </summary>
    [Required, RegularExpression("^(localhost|redis)$", ErrorMessage = "expected 'localhost' or 'redis'")]
    public string Provider { get; set; } = "localhost";

    /// <summary>StackExchange.Redis connection string for <c>Provider=redis</c>, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// Names one run of the cluster (silos with the same id and Redis form one). Give each deployment its own — after
    /// a whole cluster went down, silos of a new id do not wait for the dead ones' membership entries. Default <c>warning</c>.
    /// </summary>
    [Required, RegularExpression(@"^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "letters, digits, '.', '_' or '-'")]
    public string ClusterId { get; set; } = "warning";

    /// <summary>Names the service whose grain state this is; keep it across deployments. Default <c>warning</c>.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "letters, digits, '.', '_' or '-'")]
    public string ServiceId { get; set; } = "warning";

    /// <summary>The address other silos reach this one at (<c>redis</c> only). Default 127.0.0.1; in Kubernetes the pod IP.</summary>
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>
    /// Running as pods: cluster and service ids, address and ports come from the pod (Orleans Kubernetes hosting,
    /// <c>ORLEANS_SERVICE_ID</c>, <c>ORLEANS_CLUSTER_ID</c>, <c>POD_*</c>), and silos of deleted pods are removed. Default false.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port. Default 30000.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    public bool IsRedis => Provider == "redis";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsRedis && string.IsNullOrWhiteSpace(Redis))
            yield return new ValidationResult("is required with Cluster:Provider=redis, e.g. 127.0.0.1:6379", [nameof(Redis)]);
        if (IsRedis && !System.Net.IPAddress.TryParse(AdvertisedIp, out _))
            yield return new ValidationResult($"must be an IP address, got \"{AdvertisedIp}\"", [nameof(AdvertisedIp)]);
    }
}
