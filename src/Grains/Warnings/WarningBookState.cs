namespace Warning.Grains.Warnings;

/// <summary>Persisted state of the <see cref="WarningBookGrain"/>: every warning by id.</summary>
public sealed class WarningBookState
{
    public Dictionary<string, WarningRecord> Warnings { get; set; } = [];
}
