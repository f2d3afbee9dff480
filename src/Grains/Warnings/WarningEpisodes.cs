using Warning.Grains.Sensors;
using Warning.Rules.Evaluation;

namespace Warning.Grains.Warnings;

/// <summary>A sensor's change log cut into episodes (issued … ended), each one warning.</summary>
public static class WarningEpisodes
{
    public static List<List<LevelChange>> Split(IEnumerable<LevelChange> changes)
    {
        var episodes = new List<List<LevelChange>>();
        foreach (var change in changes)
        {
            if (change.Kind == LevelChangeKind.Issued || episodes.Count == 0) episodes.Add([]);
            episodes[^1].Add(change);
        }
        return episodes;
    }

    /// <summary>The warning an episode's changes make, built from scratch so a revised episode reads as if in order.</summary>
    public static WarningRecord Compose(IReadOnlyList<LevelChange> episode, SensorDefinition sensor, string ruleset, bool exercise)
    {
        WarningRecord? warning = null;
        foreach (var change in episode) warning = WarningComposer.Apply(warning, change, sensor, ruleset, exercise);
        return warning!;
    }

    public static string IdOf(IReadOnlyList<LevelChange> episode, string sensorId) => WarningComposer.IdFor(sensorId, episode[0].At);
}
