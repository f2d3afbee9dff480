using Warning.Rules.Levels;

namespace Warning.Grains.Warnings;

/// <summary>
/// The approval policy of RULES.md: blue and yellow publish at once; orange and red wait for an operator unless an
/// operator (or the approval timeout) already released that level or a higher one for this warning. The warning people
/// see is the engine's version with the operators' actions applied.
/// </summary>
public static class WarningApproval
{
    public static bool NeedsApproval(string level) => Rank(level) >= (int)WarningLevel.Orange;

    public static WarningRecord Visible(WarningRecord engine, Approval approval, DateTimeOffset now, TimeSpan timeout)
    {
        var status = approval.Cancelled ? WarningStatus.Cancelled
            : engine.Status is WarningStatus.Ended or WarningStatus.Cancelled ? engine.Status
            : NeedsApproval(approval.LevelOf(engine)) && Rank(approval.LevelOf(engine)) > Rank(approval.ApprovedLevel) ? WarningStatus.PendingApproval
            : WarningStatus.Active;
        var due = status == WarningStatus.PendingApproval ? (approval.PendingSince ?? now) + timeout : (DateTimeOffset?)null;
        return approval.Apply(engine, status, due);
    }

    private static int Rank(string? level) => WarningLevelNames.TryParse(level, out var parsed) ? (int)parsed : 0;
}
