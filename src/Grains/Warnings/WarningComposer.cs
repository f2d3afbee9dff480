using Warning.Grains.Sensors;
using Warning.Rules.Evaluation;
using Warning.Rules.Levels;
using Warning.Rules.Parameters;

namespace Warning.Grains.Warnings;

/// <summary>
/// Turns a rule's level change into the next version of the sensor's warning: a new warning when an episode
/// starts, the same warning with history appended while it lasts, ended with an all-clear when it stops.
/// </summary>
public static class WarningComposer
{
    public const string Engine = "engine";

    public static WarningRecord Apply(WarningRecord? current, LevelChange change, SensorDefinition sensor, string ruleset, bool exercise = false)
    {
        var evidence = ToContract(change.Evidence);
        if (current is null || !current.IsActive)
        {
            return new WarningRecord(
                Id: IdFor(sensor.Id, change.At),
                SensorId: sensor.Id,
                Kind: sensor.Kind,
                Ruleset: ruleset,
                Level: change.To.ToContractName(),
                Status: WarningStatus.Active,
                Exercise: exercise,
                Onset: change.At,
                Updated: change.At,
                Ended: null,
                Areas: sensor.Areas,
                Region: sensor.Region,
                Headline: WarningTexts.Headline(sensor, ruleset, change.To),
                Description: WarningTexts.Description(sensor, ruleset, change.To, evidence!),
                Evidence: evidence,
                History: [new WarningHistoryEntry(change.At, change.To.ToContractName(), "issued", Engine, evidence)],
                Lat: sensor.Lat,
                Lon: sensor.Lon);
        }

        if (change.Kind == LevelChangeKind.Ended)
        {
            WarningLevelNames.TryParse(current.Level, out var last);
            return current with
            {
                Status = WarningStatus.Ended,
                Updated = change.At,
                Ended = change.At,
                Description = WarningTexts.Ended(sensor, ruleset, last),
                History = [.. current.History, new WarningHistoryEntry(change.At, current.Level, "ended", Engine)],
            };
        }

        var action = change.Kind == LevelChangeKind.Upgraded ? "upgraded" : "downgraded";
        return current with
        {
            Level = change.To.ToContractName(),
            Onset = change.At,
            Updated = change.At,
            Headline = WarningTexts.Headline(sensor, ruleset, change.To),
            Description = WarningTexts.Description(sensor, ruleset, change.To, evidence!),
            Evidence = evidence,
            History = [.. current.History, new WarningHistoryEntry(change.At, change.To.ToContractName(), action, Engine, evidence)],
        };
    }

    /// <summary>Withdraws a warning that a revision showed never happened (status cancelled, with why).</summary>
    public static WarningRecord Retract(WarningRecord warning, string why) => warning with
    {
        Status = WarningStatus.Cancelled,
        History = [.. warning.History, new WarningHistoryEntry(warning.Updated, warning.Level, "retracted", Engine, null, why)],
    };

    /// <summary>Stable per episode (sensor and event time it began), so a replay names its warnings the same way.</summary>
    public static string IdFor(string sensorId, DateTimeOffset episodeStart) =>
        $"{sensorId}-{episodeStart.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";

    public static WarningEvidence? ToContract(Evidence? evidence) => evidence is null
        ? null
        : new WarningEvidence(evidence.Metric, ParamReader.FormatDuration(evidence.Window), evidence.Value, evidence.Threshold);
}
