namespace Warning.Grains.Publication;

/// <summary>Every public warning's summary by id.</summary>
public sealed class PublicWarningIndexState
{
    public Dictionary<string, PublicWarningSummary> Warnings { get; set; } = [];
}
