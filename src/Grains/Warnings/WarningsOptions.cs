namespace Warning.Grains.Warnings;

/// <summary>The <c>Warnings</c> config section.</summary>
public sealed class WarningsOptions
{
    public const string Section = "Warnings";

    /// <summary>Mark every warning as an exercise (演练; CAP status Exercise), as replays and drills do. Default false.</summary>
    public bool Exercise { get; set; }

    /// <summary>How long an orange or red warning waits for an operator before it is published anyway (escalation recorded). Default PT5M.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
