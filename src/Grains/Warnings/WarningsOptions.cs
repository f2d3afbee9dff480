namespace Warning.Grains.Warnings;

/// <summary>The <c>Warnings</c> config section.</summary>
public sealed class WarningsOptions
{
    public const string Section = "Warnings";

    /// <summary>Mark every warning as an exercise (演练; CAP status Exercise), as replays and drills do. Default false.</summary>
    public bool Exercise { get; set; }
}
