using System.ComponentModel.DataAnnotations;

namespace Warning.Silo.Configuration;

/// <summary>The <c>Cluster</c> config section: how silos find each other.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary><c>localhost</c> (single process, the default). <c>redis</c> is planned and refused until it exists.</summary>
    [Required, RegularExpression("^localhost$", ErrorMessage = "only 'localhost' is available in this version; 'redis' clustering is not built yet")]
    public string Provider { get; set; } = "localhost";

    /// <summary>Redis connection string for <c>Provider=redis</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port. Default 30000.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}
