using Warning.Rules.Levels;

namespace Warning.Rules.Evaluation;

/// <summary>
/// The level policy every ruleset shares (RULES.md): a level goes up at once; it goes down, or ends, only
/// after the condition has stayed below it for <c>clearAfter</c>, and then to the highest level the condition
/// reached during that time. All times are event times.
/// </summary>
public static class LevelHysteresis
{
    public static LevelChange? Apply(LevelState state, WarningLevel level, Evidence? evidence, DateTimeOffset at, TimeSpan clearAfter)
    {
        if (level > state.Level)
        {
            var kind = state.Level == WarningLevel.None ? LevelChangeKind.Issued : LevelChangeKind.Upgraded;
            return MoveTo(state, kind, level, evidence, at);
        }

        if (level == state.Level)
        {
            state.BelowSince = null;
            return null;
        }

        if (state.BelowSince is null || level > state.HighestBelow)
        {
            state.BelowSince ??= at;
            state.HighestBelow = level;
            state.HighestBelowEvidence = evidence;
        }

        if (at - state.BelowSince.Value < clearAfter) return null;

        var target = state.HighestBelow;
        var targetEvidence = state.HighestBelowEvidence;
        var change = MoveTo(state, target == WarningLevel.None ? LevelChangeKind.Ended : LevelChangeKind.Downgraded, target, targetEvidence, at);
        if (level < target)
        {
            // Still falling: the next step down needs its own clearAfter, measured from now.
            state.BelowSince = at;
            state.HighestBelow = level;
            state.HighestBelowEvidence = evidence;
        }
        return change;
    }

    /// <summary>Moves the level at once (no hysteresis), clearing the bookkeeping; the change it made.</summary>
    public static LevelChange MoveTo(LevelState state, LevelChangeKind kind, WarningLevel level, Evidence? evidence, DateTimeOffset at)
    {
        var change = new LevelChange(kind, state.Level, level, at, level == WarningLevel.None ? null : evidence);
        state.Level = level;
        state.Onset = level == WarningLevel.None ? null : at;
        state.Evidence = change.Evidence;
        state.BelowSince = null;
        state.HighestBelow = WarningLevel.None;
        state.HighestBelowEvidence = null;
        return change;
    }
}
