using Warning.Grains.Warnings;

namespace Warning.Records.Warnings;

/// <summary>
/// One warning's row: as people see it, the engine's own last version, the operators' actions, and — while a released
/// change has not yet been confirmed by the public warnings it feeds — when it should be handed over again.
/// </summary>
public sealed record StoredWarning(WarningRecord Visible, WarningRecord Engine, Approval Approval, DateTimeOffset? HandoverDue);
