using Warning.Rules.Levels;
using Warning.Rules.Rainstorm;

namespace Warning.Tests.Shared;

/// <summary>
/// An independent recomputation of <c>cma-rainstorm</c> for tests: every window re-summed over the whole series at
/// every reading (no incremental state), then RULES.md's level policy.
/// </summary>
public static class RainstormBruteForce
{
    /// <summary>Re-sums each window over the whole series at every reading, then applies RULES.md's level policy.</summary>
    public static List<(WarningLevel Level, DateTimeOffset At, double? Value)> Changes(
        List<(DateTimeOffset Ts, double Mm)> rain, RainstormParams p)
    {
        var result = new List<(WarningLevel, DateTimeOffset, double?)>();
        var current = WarningLevel.None;
        DateTimeOffset? belowSince = null;
        var highestBelow = WarningLevel.None;
        double? highestBelowValue = null;
        foreach (var (t, _) in rain)
        {
            var level = WarningLevel.None;
            double? value = null;
            foreach (var th in p.Thresholds)
            {
                var sum = Math.Round(rain.Where(r => r.Ts > t - th.Window && r.Ts <= t).Sum(r => r.Mm), 3);
                if (sum >= th.Millimetres && th.Level > level) (level, value) = (th.Level, sum);
            }

            if (level > current)
            {
                result.Add((level, t, value));
                (current, belowSince, highestBelow) = (level, null, WarningLevel.None);
            }
            else if (level == current)
            {
                belowSince = null;
            }
            else
            {
                if (belowSince is null) (belowSince, highestBelow, highestBelowValue) = (t, level, value);
                else if (level > highestBelow) (highestBelow, highestBelowValue) = (level, value);
                if (t - belowSince >= p.ClearAfter)
                {
                    result.Add((highestBelow, t, highestBelow == WarningLevel.None ? null : highestBelowValue));
                    current = highestBelow;
                    if (level < current) (belowSince, highestBelow, highestBelowValue) = (t, level, value);
                    else (belowSince, highestBelow, highestBelowValue) = (null, WarningLevel.None, null);
                }
            }
        }
        return result;
    }
}
