namespace Warning.Grains.Warnings;

/// <summary>Persisted state of the <see cref="WarningBookGrain"/>: every warning by id as people see it, the engine's version, and the operators' actions.</summary>
public sealed class WarningBookState
{
    public Dictionary<string, WarningRecord> Warnings { get; set; } = [];

    public Dictionary<string, WarningRecord> Recorded { get; set; } = [];

    public Dictionary<string, Approval> Approvals { get; set; } = [];

    /// <summary>Warnings whose latest change is stored but not yet confirmed by the area grains that publish it.</summary>
    public HashSet<string> Undelivered { get; set; } = [];
}
