using System.ComponentModel.DataAnnotations;

namespace Warning.Ingest.Registry;

/// <summary>The <c>Registry</c> config section.</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>The sensor registry file, loaded at start and watched for changes. Default <c>config/sensors.yaml</c>.</summary>
    [Required]
    public string File { get; set; } = "config/sensors.yaml";
}
