using Warning.Grains.Warnings;

namespace Warning.Silo.Replay;

/// <summary>The replay report of the contract: one warning entry per (sensor, level) episode, in onset order.</summary>
public sealed record ReplayReport(
    string Input,
    long Readings,
    long Rejected,
    double WallSeconds,
    IReadOnlyList<ReplayWarning> Warnings,
    IReadOnlyList<string> Problems,
    ReplaySkill? Skill = null);

/// <summary>One level held by one sensor (or hazard source) from onset to its end (null while still in force).</summary>
public sealed record ReplayWarning(string SensorId, string Ruleset, string Level, DateTimeOffset Onset, DateTimeOffset? Ended, WarningEvidence? Evidence)
{
    /// <summary>
    /// Each level period of a warning: from an engine entry that sets a level to the engine's next entry (operators'
    /// approvals and escalations are wall-clock events and say nothing about event time).
    /// </summary>
    public static IEnumerable<ReplayWarning> From(WarningRecord warning)
    {
        var history = warning.History.Where(h => h.By == WarningComposer.Engine && h.Action != "escalated").ToList();
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].Action is not ("issued" or "upgraded" or "downgraded")) continue;
            // A level a forecast announced and observation then reached is one period: "confirmed" does not end it.
            var next = history.FindIndex(i + 1, h => h.Action != "confirmed");
            var end = next >= 0 ? history[next].At : warning.Ended;
            yield return new ReplayWarning(warning.SensorId, warning.Ruleset, history[i].Level, history[i].At, end, history[i].Evidence);
        }
    }
}
