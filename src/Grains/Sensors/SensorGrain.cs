using System.Text.Json;
using Microsoft.Extensions.Logging;
using Warning.Grains.HazardSources;
using Warning.Grains.Telemetry;
using Warning.Grains.Warnings;
using Warning.Rules.Evaluation;
using Warning.Rules.Windows;
using Warning.Rules.HazardSource;
using Warning.Rules.Levels;
using Warning.Rules.Rulesets;
using Warning.Storage.Influx;

namespace Warning.Grains.Sensors;

/// <summary>
/// One sensor: de-duplicates its readings, hands them to storage, runs its ruleset on event time and records
/// every warning change in the <see cref="IWarningBookGrain"/> before persisting its own state.
/// </summary>
public sealed class SensorGrain(
    [PersistentState("sensor")] IPersistentState<SensorState> store,
    IReadingSink sink,
    TimeProvider time,
    ILogger<SensorGrain> log) : Grain, ISensorGrain
{
    public static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(30);

    private ISensorRule? _rule;
    private bool _dirty;

    private SensorState State => store.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        BuildRule();
        this.RegisterGrainTimer(FlushIfDirty, FlushPeriod, FlushPeriod);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushIfDirty(cancellationToken);
    }

    public async Task Configure(SensorDefinition definition)
    {
        if (State.Definition == definition) return;
        State.Definition = definition;
        BuildRule();
        await Persist();
    }

    public async Task<IngestOutcome> Ingest(Reading reading)
    {
        if (State.Definition is not { } sensor) return IngestOutcome.UnknownSensor;
        if (State.IsDuplicate(reading))
        {
            State.Duplicates++;
            return IngestOutcome.Duplicate;
        }

        State.Remember(reading);
        State.Readings++;
        State.LastSeen = time.GetUtcNow();
        if (State.LastReading is null || reading.Ts >= State.LastReading.Ts) State.LastReading = reading;
        _dirty = true;

        await sink.WriteAsync(new InfluxPoint(sensor.Kind, sensor.Id, sensor.Region, reading.Values, reading.Ts.ToUnixTimeMilliseconds()));
        await Evaluate(sensor, reading);
        return IngestOutcome.Accepted;
    }

    public Task ReportStatus(bool online)
    {
        State.StatusOnline = online;
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<SensorSnapshot?> GetSnapshot()
    {
        if (State.Definition is not { } sensor) return Task.FromResult<SensorSnapshot?>(null);
        var level = _rule?.Level.Level ?? WarningLevel.None;
        return Task.FromResult<SensorSnapshot?>(new SensorSnapshot(
            sensor,
            State.LastReading,
            level.ToContractName(),
            State.ActiveWarningId,
            State.LastSeen,
            State.StatusOnline,
            [.. State.Notices],
            State.Readings,
            State.Duplicates));
    }

    public Task<double?> RainSum(DateTimeOffset at, TimeSpan window) =>
        Task.FromResult(_rule is IRainWindow rain ? rain.Sum(at, window) : (double?)null);

    private async Task Evaluate(SensorDefinition sensor, Reading reading)
    {
        if (_rule is null) return;
        await SensorContext.Prepare(_rule, sensor, reading.Ts, GrainFactory);
        var step = _rule.Observe(reading.Ts, reading.Values);
        if (step.Evaluated) await SensorContext.Share(_rule, sensor, reading.Ts, GrainFactory);
        if (step.Notice is { } notice)
        {
            State.AddNotice(new SensorNotice(notice.Code, notice.At, WarningComposer.ToContract(notice.Evidence)!));
        }
        if (step.Change is { } change) await RecordChange(sensor, change);
        if (step.Evaluated && _rule is IBelongsToSource { Source: { } source } detector && (step.Change is not null || _rule.Level.Level >= WarningLevel.Orange))
        {
            // Only alarms and changes travel: a quiet detector costs its source nothing per reading.
            await GrainFactory.GetGrain<IHazardSourceGrain>(source).Report(new DetectorReport(
                sensor.Id, _rule.Level.Level.ToContractName(), reading.Ts, detector.ConfirmWindow, detector.ClearAfter, sensor.Region, sensor.Areas));
        }
    }

    private async Task RecordChange(SensorDefinition sensor, LevelChange change)
    {
        var book = GrainFactory.GetGrain<IWarningBookGrain>(IWarningBookGrain.DefaultKey);
        var current = State.ActiveWarningId is { } id ? await book.Get(id) : null;
        var next = WarningComposer.Apply(current, change, sensor, _rule!.Ruleset);
        await book.Record(next);
        State.ActiveWarningId = next.IsActive ? next.Id : null;
        await Persist();
        log.LogInformation("Warning {Id} {Action} at {Level} for {Sensor} (event time {At})",
            next.Id, next.History[^1].Action, next.Level, sensor.Id, change.At);
    }

    private void BuildRule()
    {
        if (State.Definition is not { } sensor)
        {
            _rule = null;
            return;
        }
        var errors = new List<Rules.Parameters.ParamError>();
        using var parameters = JsonDocument.Parse(string.IsNullOrWhiteSpace(sensor.ParamsJson) ? "{}" : sensor.ParamsJson);
        var saved = State.RuleStateRuleset == sensor.Ruleset ? State.RuleState : null;
        _rule = RulesetCatalog.Create(sensor.Ruleset, parameters.RootElement, saved, errors);
        foreach (var error in errors) log.LogWarning("Sensor {Sensor}: {Error}; the default stands in", sensor.Id, error);
    }

    private async Task Persist(CancellationToken ct = default)
    {
        State.RuleStateRuleset = _rule?.Ruleset;
        State.RuleState = _rule is null ? null : RulesetCatalog.SaveState(_rule);
        await store.WriteStateAsync(ct);
        _dirty = false;
    }

    private async Task FlushIfDirty(CancellationToken ct)
    {
        if (_dirty) await Persist(ct);
    }
}
