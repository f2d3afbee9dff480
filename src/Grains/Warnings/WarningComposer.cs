using Warning.Grains.Sensors;
using Warning.Rules.Evaluation;
using Warning.Rules.Forecasts;
using Warning.Rules.Levels;
using Warning.Rules.Parameters;

namespace Warning.Grains.Warnings;

/// <summary>
/// Turns a rule's level change into the next version of the sensor's warning: a new warning when an episode
/// starts, the same warning with history appended while it lasts, ended with an all-clear when it stops. A level that
/// rests on a forecast has basis <c>forecast</c> and its onset is the forecast crossing; when observation reaches it the
/// same warning turns basis <c>observed</c> (history <c>confirmed</c>); an end or a step down because a forecast was
/// lowered or withdrawn says so in its history note.
/// </summary>
public static class WarningComposer
{
    public const string Engine = "engine";

    public static WarningRecord Apply(WarningRecord? current, LevelChange change, SensorDefinition sensor, string ruleset, bool exercise = false)
    {
        var evidence = ToContract(change.Evidence);
        var basis = change.Basis == WarningBasis.Forecast ? WarningBases.Forecast : WarningBases.Observed;
        var onset = change.Basis == WarningBasis.Forecast && change.ExpectedOnset is { } crossing ? crossing : change.At;
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
                Onset: onset,
                Updated: change.At,
                Ended: null,
                Areas: sensor.Areas,
                Region: sensor.Region,
                Headline: WarningTexts.Headline(sensor, ruleset, change.To),
                Description: WarningTexts.Description(sensor, ruleset, change.To, evidence!),
                Evidence: evidence,
                History: [new WarningHistoryEntry(change.At, change.To.ToContractName(), "issued", Engine, evidence, BasisNote(change))],
                Lat: sensor.Lat,
                Lon: sensor.Lon,
                Basis: basis);
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
                History = [.. current.History, new WarningHistoryEntry(change.At, current.Level, "ended", Engine, null, BasisNote(change))],
            };
        }

        var action = change.Kind switch
        {
            LevelChangeKind.Upgraded => "upgraded",
            LevelChangeKind.Confirmed => "confirmed",
            _ => "downgraded",
        };
        return current with
        {
            Level = change.To.ToContractName(),
            Basis = basis,
            Onset = onset,
            Updated = change.At,
            Headline = WarningTexts.Headline(sensor, ruleset, change.To),
            Description = WarningTexts.Description(sensor, ruleset, change.To, evidence!),
            Evidence = evidence,
            History = [.. current.History, new WarningHistoryEntry(change.At, change.To.ToContractName(), action, Engine, evidence, BasisNote(change))],
        };
    }

    /// <summary>The history note of a change: why a forecast warning was lowered or ended, or the forecast crossing it expects.</summary>
    public static string? BasisNote(LevelChange change) => change.Reason switch
    {
        ForecastLevelPolicy.Withdrawn => "forecast withdrawn (预报撤销)",
        ForecastLevelPolicy.Lowered => "forecast lowered (预报降低)",
        _ when change.Kind == LevelChangeKind.Confirmed => "observed: the forecast level is reached (实况已达到)",
        _ when change.Basis == WarningBasis.Forecast && change.ExpectedOnset is { } at => $"forecast: expected {at:yyyy-MM-dd'T'HH:mm:sszzz} (预计将达到)",
        _ => null,
    };

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
