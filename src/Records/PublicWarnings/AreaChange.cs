using Warning.Grains.Publication;
using Warning.Publication.Outbox;

namespace Warning.Records.PublicWarnings;

/// <summary>
/// What one change of an (area, hazard) writes, together: its working state when that changed, its public warning when
/// that changed (a new version or a new status; stored without its contributors), the contributors of
/// <see cref="ContributorsOf"/> that changed, and the messages of a new version for the outbox.
/// </summary>
public sealed record AreaChange(
    string AreaKey,
    string? State = null,
    PublicWarning? Warning = null,
    PublicWarningVersion? NewVersion = null,
    string? ContributorsOf = null,
    IReadOnlyList<PublicContributor>? Contributors = null,
    IReadOnlyList<OutboxMessage>? Messages = null)
{
    public bool IsEmpty => State is null && Warning is null && (Contributors?.Count ?? 0) == 0 && (Messages?.Count ?? 0) == 0;
}
