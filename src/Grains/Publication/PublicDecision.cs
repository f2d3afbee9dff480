using Warning.Grains.Warnings;
using Warning.Rules.Levels;

namespace Warning.Grains.Publication;

/// <summary>A change the public must be told of: CAP msgType, whether it is the all-clear, and the sensor setting the level.</summary>
public sealed record PublicChange(string MsgType, bool AllClear, PublicContributor? Top);

/// <summary>
/// The grouping rule of a public warning, pure: the released sensor warnings (active and not silenced) set the level —
/// the highest wins, so a red inhibits everything under it. A first release issues (Alert), a new highest level updates,
/// the same level changes nothing; with none released, all retracted cancels and all over gives the all-clear.
/// </summary>
public static class PublicDecision
{
    public static PublicChange? Decide(PublicWarning? current, IReadOnlyCollection<PublicContributor> contributors)
    {
        var top = contributors
            .Where(c => c.Status == WarningStatus.Active && !c.Silenced)
            .OrderByDescending(c => Rank(c.Level)).ThenByDescending(c => c.Updated)
            .FirstOrDefault();
        if (top is not null)
        {
            return current is null ? new PublicChange("Alert", false, top)
                : top.Level != current.Level ? new PublicChange("Update", false, top)
                : null;
        }
        if (current is null || contributors.Count == 0) return null;
        if (contributors.All(c => c.Status == WarningStatus.Cancelled)) return new PublicChange("Cancel", false, null);
        if (contributors.All(c => c.Status != WarningStatus.Active) && contributors.Any(c => c.Status == WarningStatus.Ended)) return new PublicChange("Update", true, null);
        return null;
    }

    public static int Rank(string? level) => WarningLevelNames.TryParse(level, out var parsed) ? (int)parsed : 0;
}
