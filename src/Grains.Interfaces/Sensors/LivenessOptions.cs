using System.ComponentModel.DataAnnotations;

namespace Warning.Grains.Sensors;

/// <summary>The <c>Liveness</c> config section: when a silent sensor counts as offline (RULES.md, <c>offline</c>).</summary>
public sealed class LivenessOptions
{
    public const string Section = "Liveness";

    /// <summary>The least silence that marks a sensor offline; otherwise 3 × its median reporting interval. Default PT10M.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan MinOfflineAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often each silo calls on every registered sensor's grain: it wakes a grain lost with a dead silo (so its
    /// silence is still noticed) and counts the offline ones for <c>/metrics</c>. Default 1 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromMinutes(1);
}
