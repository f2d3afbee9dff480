using Warning.Grains.Publication;
using Warning.Publication.Confirmation;
using Warning.Publication.Outbox;
using Warning.Records.Confirmations;

namespace Warning.Records.PublicWarnings;

/// <summary>
/// What one change of an (area, hazard) writes, together: its working state when that changed, its public warning when
/// that changed (a new version or a new status; stored without its contributors), the contributors of
/// <see cref="ContributorsOf"/> that changed, and the messages of a new version for the outbox. Call-and-response:
/// the officials a new version asks to confirm (<see cref="Asks"/>), the calling of <see cref="CallsOf"/> stopped
/// (<see cref="CloseCalls"/>: the warning is over) or stepped on (<see cref="Steps"/>, with the repeats and escalation
/// notices among the messages — a repeat only if its official's step still held).
/// </summary>
public sealed record AreaChange(
    string AreaKey,
    string? State = null,
    PublicWarning? Warning = null,
    PublicWarningVersion? NewVersion = null,
    string? ContributorsOf = null,
    IReadOnlyList<PublicContributor>? Contributors = null,
    IReadOnlyList<OutboxMessage>? Messages = null,
    IReadOnlyList<ConfirmationRequest>? Asks = null,
    string? CallsOf = null,
    bool CloseCalls = false,
    IReadOnlyList<CallStep>? Steps = null)
{
    public bool IsEmpty => State is null && Warning is null && (Contributors?.Count ?? 0) == 0 && (Messages?.Count ?? 0) == 0 && !CloseCalls && (Steps?.Count ?? 0) == 0;
}
