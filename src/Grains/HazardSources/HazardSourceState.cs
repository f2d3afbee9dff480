using Warning.Rules.HazardSource;

namespace Warning.Grains.HazardSources;

/// <summary>The confirmation state, the areas its detectors speak for, and the source's active warning.</summary>
public sealed class HazardSourceState
{
    public SourceConfirmationState Confirmation { get; set; } = new();

    public string Region { get; set; } = "";

    public List<string> Areas { get; set; } = [];

    public string? ActiveWarningId { get; set; }
}
