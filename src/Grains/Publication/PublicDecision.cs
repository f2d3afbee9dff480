using Warning.Grains.Warnings;
using Warning.Rules.Levels;

namespace Warning.Grains.Publication;

/// <summary>A change the public must be told of: CAP msgType, whether it is the all-clear, and the sensor setting the level.</summary>
public sealed record PublicChange(string MsgType, bool AllClear, PublicContributor? Top)
{
    /// <summary>
    /// What the level rests on: <c>forecast</c> only when every released sensor warning at it rests on a forecast, then
    /// with the earliest expected crossing among them.
    /// </summary>
    public (string Basis, DateTimeOffset? ExpectedOnset) Basis { get; init; } = (WarningBases.Observed, null);
}

/// <summary>
/// The grouping rule of a public warning, pure: the released sensor warnings (active and not silenced) set the level —
/// the highest wins, so a red inhibits everything under it. A first release issues (Alert), a new highest level updates,
/// the same level changes nothing — unless what it rests on changes: a level announced by forecast that is now observed
/// updates once (certainty Likely → Observed); with none released, all retracted cancels and all over gives the all-clear.
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
            var atTop = contributors.Where(c => c.Status == WarningStatus.Active && !c.Silenced && c.Level == top.Level).ToList();
            var basis = atTop.All(c => c.Basis == WarningBases.Forecast)
                ? (WarningBases.Forecast, atTop.Min(c => c.ExpectedOnset))
                : (WarningBases.Observed, (DateTimeOffset?)null);
            var currentBasis = current?.Versions.LastOrDefault()?.Basis ?? WarningBases.Observed;
            return current is null ? new PublicChange("Alert", false, top) { Basis = basis }
                : top.Level != current.Level || basis.Item1 != currentBasis ? new PublicChange("Update", false, top) { Basis = basis }
                : null;
        }
        if (current is null || contributors.Count == 0) return null;
        if (contributors.All(c => c.Status == WarningStatus.Cancelled)) return new PublicChange("Cancel", false, null);
        if (contributors.All(c => c.Status != WarningStatus.Active) && contributors.Any(c => c.Status == WarningStatus.Ended)) return new PublicChange("Update", true, null);
        return null;
    }

    public static int Rank(string? level) => WarningLevelNames.TryParse(level, out var parsed) ? (int)parsed : 0;
}
