namespace Warning.Rules.Skill;

/// <summary>
/// Scores warnings against observed events, pure. An event is hit when an alarm overlaps it (starts no later than the
/// event's end and ends no earlier than its start); an alarm that overlaps no event is a false alarm. The lead time of
/// a hit is the event's start less the start of the earliest alarm overlapping it, never below zero.
/// </summary>
public static class SkillScores
{
    public static LevelSkill Score(IReadOnlyList<Episode> events, IReadOnlyList<Episode> alarms)
    {
        var hits = 0;
        var leads = new List<double>();
        foreach (var e in events)
        {
            var covering = alarms.Where(a => Overlaps(a, e)).ToList();
            if (covering.Count == 0) continue;
            hits++;
            var issued = covering.Min(a => a.Start);
            leads.Add(Math.Max(0, (e.Start - issued).TotalHours));
        }
        var falseAlarms = alarms.Count(a => !events.Any(e => Overlaps(a, e)));
        return Of(events.Count, hits, falseAlarms, alarms.Count, leads);
    }

    /// <summary>Adds up several sensors' figures (counts summed, rates and lead times over the whole).</summary>
    public static LevelSkill Sum(IEnumerable<LevelSkill> parts)
    {
        var list = parts.ToList();
        return Of(list.Sum(p => p.Events), list.Sum(p => p.Hits), list.Sum(p => p.FalseAlarms), list.Sum(p => p.Alarms), list.SelectMany(p => p.Leads).ToList());
    }

    /// <summary>Alarms from warning periods at or above a level: overlapping or touching periods are one alarm.</summary>
    public static List<Episode> Alarms(IEnumerable<Episode> periods)
    {
        var merged = new List<Episode>();
        foreach (var p in periods.OrderBy(p => p.Start))
        {
            if (merged.Count > 0 && p.Start <= merged[^1].End) merged[^1] = merged[^1] with { End = p.End > merged[^1].End ? p.End : merged[^1].End };
            else merged.Add(p);
        }
        return merged;
    }

    /// <summary>The <paramref name="p"/>-th percentile (0–1) of sorted values, nearest rank; null for none.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static LevelSkill Of(int events, int hits, int falseAlarms, int alarms, List<double> leads)
    {
        var misses = events - hits;
        double? Ratio(int a, int b) => b == 0 ? null : Math.Round((double)a / b, 4);
        return new LevelSkill(events, hits, misses, falseAlarms, alarms, Ratio(hits, events), Ratio(falseAlarms, alarms), Ratio(hits, hits + misses + falseAlarms),
            Percentile(leads, 0.5) is { } m ? Math.Round(m, 3) : null, Percentile(leads, 0.1) is { } q ? Math.Round(q, 3) : null)
        { Leads = leads };
    }

    private static bool Overlaps(Episode alarm, Episode e) => alarm.Start <= e.End && alarm.End >= e.Start;
}
