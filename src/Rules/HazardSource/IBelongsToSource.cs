namespace Warning.Rules.HazardSource;

/// <summary>A detector that belongs to a major hazard source (重大危险源), whose alarms the source confirms.</summary>
public interface IBelongsToSource
{
    string? Source { get; }

    TimeSpan ConfirmWindow { get; }

    /// <summary>How long the source stays red without confirmation before its all-clear.</summary>
    TimeSpan ClearAfter { get; }
}
