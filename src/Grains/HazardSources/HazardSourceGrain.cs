using Warning.Grains.Sensors;
using Warning.Grains.Warnings;
using Warning.Rules.HazardSource;
using Warning.Rules.Levels;

namespace Warning.Grains.HazardSources;

/// <summary>Runs <see cref="SourceConfirmation"/> for one source; its warning's sensorId is the source id.</summary>
public sealed class HazardSourceGrain(
    [PersistentState("hazard-source")] IPersistentState<HazardSourceState> store,
    Microsoft.Extensions.Options.IOptions<WarningsOptions> warnings) : Grain, IHazardSourceGrain
{
    public const string Ruleset = "gbt50493";

    public async Task Report(DetectorReport report)
    {
        var state = store.State;
        state.Region = report.Region;
        foreach (var area in report.Areas.Where(a => !state.Areas.Contains(a))) state.Areas.Add(area);
        WarningLevelNames.TryParse(report.Level, out var level);
        var change = new SourceConfirmation(state.Confirmation).Report(report.SensorId, level, report.At, report.ConfirmWindow, report.ClearAfter);
        if (change is not null)
        {
            var source = this.GetPrimaryKeyString();
            var definition = new SensorDefinition(source, "chemical", $"重大危险源{source}", state.Region, null, null, state.Areas, Ruleset, "{}");
            var current = state.ActiveWarningId is { } id ? await GrainFactory.GetGrain<IWarningGrain>(id).GetRecorded() : null;
            var next = WarningComposer.Apply(current, change, definition, Ruleset, warnings.Value.Exercise);
            await GrainFactory.GetGrain<IWarningGrain>(next.Id).Record(next);
            state.ActiveWarningId = next.IsActive ? next.Id : null;
        }
        if (change is not null || level >= WarningLevel.Orange) await store.WriteStateAsync();
    }
}
