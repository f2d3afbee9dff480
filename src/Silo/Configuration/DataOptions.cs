using System.ComponentModel.DataAnnotations;

namespace Warning.Silo.Configuration;

/// <summary>The <c>Data</c> config section: where local state lives (spool, grain state, dead letters).</summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>Directory for local state. Default <c>./.data</c>.</summary>
    [Required]
    public string Dir { get; set; } = ".data";

    /// <summary>Flush grain state to disk on every write (what makes a state change survive a crash). Replays turn it off. Default true.</summary>
    public bool FlushToDisk { get; set; } = true;

    public string PathOf(params string[] parts) => Path.Combine([Path.GetFullPath(Dir), .. parts]);
}
