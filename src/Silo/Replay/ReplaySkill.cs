using System.Text.Json;
using Warning.Rules.Levels;
using Warning.Rules.Skill;

namespace Warning.Silo.Replay;

/// <summary>
/// The report's <c>skill</c>: per level, the observed-only run's figures and the forecast-driven run's (null when the
/// input carries no forecast rows), in total and per scored sensor (<c>cma-rainstorm</c> and <c>torrent</c> gauges).
/// </summary>
public sealed record ReplaySkill(SkillPair Total, IReadOnlyDictionary<string, SkillPair> Sensors)
{
    /// <summary>
    /// Scores the warnings of each run against the observed truth of each sensor: <paramref name="observed"/> the run
    /// without forecasts, <paramref name="forecast"/> the run with them (or null).
    /// </summary>
    public static ReplaySkill Compute(IReadOnlyDictionary<string, ObservedEpisodes> truth, IReadOnlyList<ReplayWarning> observed, IReadOnlyList<ReplayWarning>? forecast)
    {
        var sensors = new SortedDictionary<string, SkillPair>(StringComparer.Ordinal);
        foreach (var (id, episodes) in truth.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            sensors[id] = new SkillPair(PerLevel(episodes, observed.Where(w => w.SensorId == id)), forecast is null ? null : PerLevel(episodes, forecast.Where(w => w.SensorId == id)));
        }
        var total = new SkillPair(Sum(sensors.Values.Select(s => s.Observed)), forecast is null ? null : Sum(sensors.Values.Select(s => s.Forecast!)));
        return new ReplaySkill(total, sensors);
    }

    private static Dictionary<string, LevelSkill> PerLevel(ObservedEpisodes truth, IEnumerable<ReplayWarning> warnings)
    {
        var list = warnings.ToList();
        var result = new Dictionary<string, LevelSkill>(StringComparer.Ordinal);
        foreach (var level in new[] { WarningLevel.Blue, WarningLevel.Yellow, WarningLevel.Orange, WarningLevel.Red })
        {
            var periods = list.Where(w => WarningLevelNames.TryParse(w.Level, out var l) && l >= level)
                .Select(w => new Episode(w.Onset, w.Ended ?? DateTimeOffset.MaxValue));
            result[level.ToContractName()] = SkillScores.Score(truth.Events(level), SkillScores.Alarms(periods));
        }
        return result;
    }

    private static Dictionary<string, LevelSkill> Sum(IEnumerable<IReadOnlyDictionary<string, LevelSkill>> sensors)
    {
        var list = sensors.ToList();
        return new[] { "blue", "yellow", "orange", "red" }.ToDictionary(l => l, l => SkillScores.Sum(list.Select(s => s[l])));
    }
}
