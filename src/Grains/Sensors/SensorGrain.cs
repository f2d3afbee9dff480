using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Warning.Grains.Forecasts;
using Warning.Grains.HazardSources;
using Warning.Grains.Live;
using Warning.Grains.Telemetry;
using Warning.Grains.Warnings;
using Warning.Rules.Evaluation;
using Warning.Rules.Forecasts;
using Warning.Rules.HazardSource;
using Warning.Rules.Levels;
using Warning.Rules.Ordering;
using Warning.Rules.Rulesets;
using Warning.Rules.Windows;
using Warning.Storage.Influx;

namespace Warning.Grains.Sensors;

/// <summary>
/// One sensor: de-duplicates its readings, hands them to storage, runs its ruleset on event time (in event-time order
/// within the allowed lateness) and records every warning change in its <see cref="IWarningGrain"/> while persisting its
/// own state (both join one group commit); the call ends once the warning and the state are on disk (the ingest
/// pipeline acknowledges a reading after that, or — an independent sensor's broker reading — once the reading log holds
/// it, the log keeping it until this call ended).
/// </summary>
public sealed class SensorGrain(
    [PersistentState("sensor")] IPersistentState<SensorState> store,
    IReadingSink sink,
    Microsoft.Extensions.Options.IOptions<InfluxOptions> storage,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<WarningsOptions> warnings,
    Microsoft.Extensions.Options.IOptions<SensorOptions> sensors,
    Microsoft.Extensions.Options.IOptions<LivenessOptions> liveness,
    ILogger<SensorGrain> log) : Grain, ISensorGrain
{
    public static readonly TimeSpan CatchUpWithoutState = TimeSpan.FromDays(1);

    private OrderedEvaluator? _evaluator;
    private string? _evaluatorRuleset;
    private DateTimeOffset _persistedAt;
    // When the changed state is due to be written; MaxValue while nothing changed since the last write.
    private DateTimeOffset _flushDue = DateTimeOffset.MaxValue;
    private IGrainTimer _timer = null!;
    private DateTimeOffset _timerDue = DateTimeOffset.MaxValue;
    private bool _persistedInTurn;
    private bool _caughtUp;
    private bool _reconcilePending;
    private bool _pendingRevised;
    private bool _batching;
    private bool _persistOwed;

    private SensorState State => store.State;

    private ISensorRule? Rule => _evaluator?.Live;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        BuildRule();
        CheckRecorded();
        // One timer (each costs a few hundred bytes in every sensor grain), set for the next moment the grain has
        // something to do — write its changed state, or find its sensor silent — not ticking on a period: a province's
        // gauges at rest cost the silo nothing between those moments. Silence is noticed here, by the one grain of the
        // sensor, so every silo tells the same; each silo's SensorWatch calls on the grain more often than idle grains
        // are collected, so the timer runs on.
        _timer = this.RegisterGrainTimer(Tick, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Arm();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushIfDirty(cancellationToken);
    }

    public async Task Configure(SensorDefinition definition)
    {
        if (State.Definition?.SameAs(definition) == true) return;
        State.Definition = definition;
        BuildRule();
        await Persist();
    }

    public Task<IngestOutcome> Ingest(Reading reading) =>
        State.Definition is { } sensor ? Take(sensor, reading).AsTask() : Task.FromResult(IngestOutcome.UnknownSensor);

    public async Task<IngestOutcome[]> IngestBatch(ReadingBatch batch)
    {
        var outcomes = new IngestOutcome[batch.Readings.Count];
        if (State.Definition is not { } sensor)
        {
            Array.Fill(outcomes, IngestOutcome.UnknownSensor);
            return outcomes;
        }
        // Each reading as Ingest takes it; a warning change's state write waits for the batch's end (one write for all
        // of them). The warnings are recorded at once, as always: a crash before the state's write leaves a state that
        // says less than the warnings, which is reconciled at activation, and the batch, unacknowledged, comes again.
        _batching = true;
        try
        {
            for (var i = 0; i < outcomes.Length; i++) outcomes[i] = await Take(sensor, batch.Readings[i]);
        }
        finally
        {
            _batching = false;
        }
        if (_persistOwed)
        {
            _persistOwed = false;
            await Persist();
        }
        return outcomes;
    }

    // A value task: a batch's readings almost all finish without waiting, and each would otherwise make a task of its own.
    private async ValueTask<IngestOutcome> Take(SensorDefinition sensor, Reading reading)
    {
        if (State.IsDuplicate(reading))
        {
            State.Duplicates++;
            // A redelivered reading whose first hand-off failed while recording its warning: record it now.
            if (_reconcilePending) await ReconcileOrRetryLater(sensor, false);
            return IngestOutcome.Duplicate;
        }

        // The reading's point is the caller's to store (IngestPipeline writes it to the reading log while this evaluates
        // and waits for both): the turn is not held while the disk syncs.
        if (!_caughtUp) await CatchUp(sensor, reading.Ts);
        await Evaluate(sensor, reading);
        State.Remember(reading);
        State.Readings++;
        State.Liveness.Seen(reading.Ts, time.GetUtcNow());
        if (State.Liveness.Offline) await SetOnline(true, "reading arrived");
        if (State.LastReading is null || reading.Ts >= State.LastReading.Ts) State.LastReading = reading;
        // A reading whose change was written with its warning needs no second write for its counters: a crash before
        // the next one loses them and the reading's dedup entry, and a repeat of it then evaluates to the same.
        if (!_persistedInTurn) Changed();
        else Arm();
        return IngestOutcome.Accepted;
    }

    public async Task<IngestOutcome> Forecast(ForecastIssue forecast)
    {
        if (State.Definition is not { } sensor) return IngestOutcome.UnknownSensor;
        // Each step a point of measurement "forecast" tagged with its issue: a newer issue's steps stand beside the older
        // ones in storage, and the rule holds the newest step by step.
        var issued = forecast.Issued.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var stored = Task.WhenAll(forecast.Steps.Select(s => sink.WriteAsync(new InfluxPoint(
            ForecastMeasurement, sensor.Id, sensor.Region, new Dictionary<string, double> { ["rain_mm"] = s.RainMm }, s.Ts.ToUnixTimeMilliseconds(), issued)).AsTask()));
        try
        {
            if (_evaluator is not null)
            {
                _persistedInTurn = false;
                var step = _evaluator.Forecast(RainForecast.Of(forecast.Issued, forecast.Source, forecast.Steps.Select(s => (s.Ts, s.RainMm))));
                if (step.Changed || _reconcilePending) await ReconcileOrRetryLater(sensor, step.Revised);
                // Issues are rare (hourly or so a gauge) and not in InfluxDB's readings the catch-up reads again: the rule
                // state holding this one is written before the issue is acknowledged.
                if (!_persistedInTurn) await Persist();
            }
        }
        finally
        {
            await stored;
        }
        return IngestOutcome.Accepted;
    }

    /// <summary>The InfluxDB measurement of forecast steps (tags sensor, region, issued; field rain_mm).</summary>
    public const string ForecastMeasurement = InfluxPoint.ForecastMeasurement;

    public Task<SensorSnapshot?> GetSnapshot()
    {
        if (State.Definition is not { } sensor) return Task.FromResult<SensorSnapshot?>(null);
        var level = Rule?.Level.Level ?? WarningLevel.None;
        return Task.FromResult<SensorSnapshot?>(new SensorSnapshot(
            sensor,
            State.LastReading,
            level.ToContractName(),
            State.ActiveWarningId,
            State.Liveness.LastArrival,
            [.. State.Notices],
            State.Readings,
            State.Duplicates,
            State.TooLate,
            State.Liveness.Online));
    }

    public async Task ReportStatus(bool online)
    {
        if (State.Definition is null) return;
        if (online)
        {
            // Heard from: online now, and silent from now on if nothing follows.
            State.Liveness.LastArrival = time.GetUtcNow();
            if (State.Liveness.Offline) await SetOnline(true, "status online");
            else Changed();
        }
        else if (State.Liveness.Online || State.Liveness.LastArrival is null)
        {
            State.Liveness.LastArrival ??= time.GetUtcNow();
            await SetOnline(false, "status offline");
        }
    }

    public Task<bool?> Watch() =>
        Task.FromResult(State.Definition is null || State.Liveness.LastArrival is null ? (bool?)null : State.Liveness.Online);

    private async Task Tick(CancellationToken ct)
    {
        _timerDue = DateTimeOffset.MaxValue;
        try
        {
            var now = time.GetUtcNow();
            if (State.Liveness.FallenSilent(now, liveness.Value.MinOfflineAfter))
            {
                await SetOnline(false, $"silent since {State.Liveness.LastArrival:O}");
            }
            if (now >= _flushDue) await Persist(ct);
        }
        finally
        {
            Arm();
        }
    }

    private bool Dirty => _flushDue != DateTimeOffset.MaxValue;

    /// <summary>
    /// A change not yet on disk: written a <see cref="SensorOptions.StateFlushPeriod"/> after the last write at the
    /// earliest and half a period from now at the earliest, then a random share of another half later. The share is
    /// what spreads the writes: a network's sensors written in the same second (at their start, or a storm's warnings
    /// each written with its state) would otherwise all be due again in the same instant — a burst a latency run
    /// showed as its slowest warnings, 30 s in.
    /// </summary>
    private void Changed()
    {
        if (!Dirty)
        {
            var half = sensors.Value.StateFlushPeriod / 2;
            var afterLast = _persistedAt + 2 * half;
            var fromNow = time.GetUtcNow() + half;
            _flushDue = (afterLast > fromNow ? afterLast : fromNow) + half * Random.Shared.NextDouble();
        }
        Arm();
    }

    /// <summary>
    /// Sets the timer for the sooner of the state's write (when changed) and the moment the sensor, online, counts as
    /// silent, unless it is set sooner already. A reading costs two comparisons here: its sensor cannot fall silent
    /// before <c>Liveness:MinOfflineAfter</c> after it, and a timer set before that stands (it looks again when it fires).
    /// </summary>
    private void Arm()
    {
        var due = _flushDue;
        if (State.Liveness is { Online: true, LastArrival: { } last })
        {
            var minimum = liveness.Value.MinOfflineAfter;
            if (_timerDue > last + minimum)
            {
                // FallenSilent asks for more silence than OfflineAfter: a millisecond past it.
                var silent = last + State.Liveness.OfflineAfter(minimum) + TimeSpan.FromMilliseconds(1);
                if (silent < due) due = silent;
            }
        }
        if (due >= _timerDue) return;
        _timerDue = due;
        var delay = due - time.GetUtcNow();
        _timer.Change(delay <= TimeSpan.Zero ? TimeSpan.Zero : delay < LongestWait ? delay : LongestWait, Timeout.InfiniteTimeSpan);
    }

    // A timer's wait is at most 49 days; one set further looks again then.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    /// <summary>
    /// Notes the change, writes it at once (a silence survives a restart of the grain), logs it once for the cluster
    /// and tells the live feed. An operator alert, not a public warning.
    /// </summary>
    private async Task SetOnline(bool online, string why)
    {
        var sensorId = this.GetPrimaryKeyString();
        State.Liveness.Offline = !online;
        if (online) log.LogInformation("Sensor {Sensor} back online: {Why}", sensorId, why);
        else log.LogWarning("Sensor {Sensor} offline (设备离线): {Why}", sensorId, why);
        await Persist();
        Arm();
        try
        {
            await this.GetStreamProvider(LiveStreams.Provider).GetStream<SensorStatusChange>(LiveStreams.SensorStatus)
                .OnNextAsync(new SensorStatusChange(sensorId, online, time.GetUtcNow(), why));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The live feed is a view: the status is in the grain, where the API reads it.
            log.LogWarning("Sensor {Sensor}: its status change did not reach the live feed ({Error})", sensorId, e.Message);
        }
    }

    public Task<double?> RainSum(DateTimeOffset at, TimeSpan window) =>
        Task.FromResult(Rule is IRainWindow rain ? rain.Sum(at, window) : (double?)null);

    /// <summary>
    /// Once per activation, before the first new reading: readings InfluxDB holds that the persisted rule state has not
    /// seen (state is written every 30 s, so a crash loses up to that much) are evaluated again, in event-time order.
    /// Changes they make were recorded before the crash and match by count, so nothing is recorded twice.
    /// </summary>
    private async Task CatchUp(SensorDefinition sensor, DateTimeOffset before)
    {
        _caughtUp = true;
        if (!storage.Value.Enabled || _evaluator is null) return;
        // With no reading in the persisted state at all, the last day is looked at: the longest rain window.
        var seen = _evaluator.State.Newest ?? before - CatchUpWithoutState;
        if (seen >= before) return;
        try
        {
            var q = $"SELECT * FROM \"{sensor.Kind}\" WHERE \"sensor\" = '{sensor.Id}' "
                + $"AND time {(_evaluator.State.Newest is null ? ">=" : ">")} {seen.ToUnixTimeMilliseconds()}ms AND time < {before.ToUnixTimeMilliseconds()}ms LIMIT 100000";
            var missed = 0;
            // The client is taken for this one query, not held by every sensor grain for its whole life (a typed
            // HttpClient each: a few hundred bytes times every active sensor).
            var influx = ServiceProvider.GetRequiredService<InfluxClient>();
            foreach (var series in await influx.QueryAsync(q, CancellationToken.None))
            {
                foreach (var (ts, values) in series.Readings())
                {
                    var reading = new Reading(sensor.Id, ts.ToOffset(before.Offset), null, values);
                    State.Remember(reading);
                    await Evaluate(sensor, reading);
                    missed++;
                }
            }
            if (missed > 0) log.LogWarning("Sensor {Sensor}: {Count} readings after {Seen:O} were missing from its state and were evaluated again from InfluxDB", sensor.Id, missed, seen);
        }
        catch (Exception e) when (e is HttpRequestException or InfluxException or TaskCanceledException)
        {
            log.LogWarning("Sensor {Sensor}: could not catch up from InfluxDB ({Error}); going on with the state as persisted", sensor.Id, e.Message);
        }
    }

    private async Task Evaluate(SensorDefinition sensor, Reading reading)
    {
        _persistedInTurn = false;
        if (_evaluator is null) return;
        var context = await SensorContext.Gather(_evaluator.Live, sensor, reading.Ts, GrainFactory);
        // Empty tells a rule nothing: no delegate made for it, on every reading of every gauge.
        var step = _evaluator.Observe(reading.Ts, reading.Values, ReferenceEquals(context, RuleContext.Empty) ? null : context.Apply);
        if (step.TooLate)
        {
            // Stored (InfluxDB has it) and flagged, but not evaluated: it is older than the allowed lateness.
            State.TooLate++;
            return;
        }
        if (step.Notice is { } notice)
        {
            State.AddNotice(new SensorNotice(notice.Code, notice.At, WarningComposer.ToContract(notice.Evidence)!));
        }
        if (step.Changed || _reconcilePending) await ReconcileOrRetryLater(sensor, step.Revised);
        else if (_evaluator.HoldsEndedEpisode) await ForgetSettledEpisodes(sensor);
        await SensorContext.Share(_evaluator.Live, sensor, reading.Ts, GrainFactory);
        await ReportToSource(sensor, reading, step);
    }

    /// <summary>
    /// Reconciles; if a warning's grain cannot be reached (its silo just died), the caller fails — the reading is not
    /// acknowledged and comes again — and the next reading of this sensor, even a repeat, tries again.
    /// </summary>
    private async Task ReconcileOrRetryLater(SensorDefinition sensor, bool revised)
    {
        _reconcilePending = true;
        _pendingRevised |= revised;
        await Reconcile(sensor, _pendingRevised);
        _reconcilePending = false;
        _pendingRevised = false;
    }

    /// <summary>
    /// Brings the warnings in line with the change log: new or grown episodes recorded, revised-away ones retracted.
    /// The warnings and this sensor's state (whose rule now holds the change) are written at the same time, so both join
    /// one group commit. The state says an episode is recorded only once its warning grain stored it; a state that says
    /// less (a crash between the two) is caught up at activation, and recording a warning's same version again is a no-op.
    /// </summary>
    private async Task Reconcile(SensorDefinition sensor, bool revised)
    {
        var evaluator = _evaluator!;
        var episodes = WarningEpisodes.Split(evaluator.Changes);
        var current = new HashSet<string>(StringComparer.Ordinal);
        var changed = new List<(string Id, int Count, WarningRecord Warning)>();
        foreach (var episode in episodes)
        {
            var id = WarningEpisodes.IdOf(episode, sensor.Id);
            current.Add(id);
            if (!revised && State.HasRecorded(id, episode.Count)) continue;
            changed.Add((id, episode.Count, WarningEpisodes.Compose(episode, sensor, Rule!.Ruleset, warnings.Value.Exercise)));
        }
        State.ActiveWarningId = episodes.Count > 0 && episodes[^1][^1].Kind != LevelChangeKind.Ended
            ? WarningEpisodes.IdOf(episodes[^1], sensor.Id)
            : null;

        // In a batch the state is written once, at its end (IngestBatch), for every change of the batch.
        var persisting = _batching ? Task.CompletedTask : Persist();
        _persistOwed |= _batching;
        try
        {
            await Task.WhenAll(changed.Select(c => GrainFactory.GetGrain<IWarningGrain>(c.Id).Record(c.Warning)));
        }
        finally
        {
            await persisting;
        }
        foreach (var (id, count, warning) in changed)
        {
            State.RecordedEpisodes[id] = count;
            log.LogInformation("Warning {Id} {Action} at {Level} for {Sensor} (event time {At})",
                id, warning.History[^1].Action, warning.Level, sensor.Id, warning.History[^1].At);
        }
        if (revised)
        {
            foreach (var gone in State.RecordedEpisodes.Keys.Where(id => !current.Contains(id)).ToList())
            {
                var grain = GrainFactory.GetGrain<IWarningGrain>(gone);
                if (await grain.GetRecorded() is { Status: not WarningStatus.Cancelled } stale) await grain.Record(WarningComposer.Retract(stale, "revised by a reading that arrived late"));
                State.RecordedEpisodes.Remove(gone);
            }
        }
        ForgetEnded(sensor);
        // What changed since the write above (episodes noted as recorded, ended ones forgotten) goes with the next write;
        // until then it is implied by it: a state saying less is reconciled at activation, a no-op for what is recorded.
        _persistedInTurn = true;
    }

    /// <summary>
    /// An episode whose all-clear has settled (passed the watermark, so no late reading can revise it) leaves the change
    /// log and the recorded episodes with the reading that settled it, not with the sensor's next change, which may be a
    /// season away: a province of sensors would otherwise each keep its last warning's changes in memory and in every
    /// state write. Recorded as it stands, it is let go here and written with the state's next write (a crash before
    /// that only means it is let go again); recorded otherwise (a revision not yet recorded), it is reconciled first.
    /// </summary>
    private async Task ForgetSettledEpisodes(SensorDefinition sensor)
    {
        if (!WarningEpisodes.Split(_evaluator!.EndedEpisodes).All(e => State.HasRecorded(WarningEpisodes.IdOf(e, sensor.Id), e.Count)))
        {
            await ReconcileOrRetryLater(sensor, false);
            return;
        }
        ForgetEnded(sensor);
        Changed();
    }

    private void ForgetEnded(SensorDefinition sensor)
    {
        foreach (var ended in WarningEpisodes.Split(_evaluator!.ForgetEndedEpisodes()))
        {
            State.RecordedEpisodes.Remove(WarningEpisodes.IdOf(ended, sensor.Id));
        }
        if (State.RecordedEpisodes.Count == 0) State.RecordedEpisodes = [];
    }

    /// <summary>
    /// Whether the persisted state says less than its rule's change log (an episode stored by its warning grain but the
    /// crash came before the state noting it was written, or a retraction not yet noted): the next reading, even a
    /// repeat, reconciles first.
    /// </summary>
    private void CheckRecorded()
    {
        if (_evaluator is null || State.Definition is not { } sensor) return;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var episode in WarningEpisodes.Split(_evaluator.Changes))
        {
            var id = WarningEpisodes.IdOf(episode, sensor.Id);
            ids.Add(id);
            if (!State.HasRecorded(id, episode.Count)) _reconcilePending = true;
        }
        if (State.RecordedEpisodes.Keys.Any(id => !ids.Contains(id)))
        {
            _reconcilePending = true;
            _pendingRevised = true;
        }
    }

    // Only alarms and changes travel: a quiet detector costs its source nothing per reading.
    private async Task ReportToSource(SensorDefinition sensor, Reading reading, OrderedStep step)
    {
        if (Rule is not IBelongsToSource { Source: { } source } detector) return;
        var level = Rule.Level.Level;
        if (!step.Changed && level < WarningLevel.Orange) return;
        await GrainFactory.GetGrain<IHazardSourceGrain>(source).Report(new DetectorReport(
            sensor.Id, level.ToContractName(), reading.Ts, detector.ConfirmWindow, detector.ClearAfter, sensor.Region, sensor.Areas));
    }

    private void BuildRule()
    {
        if (State.Definition is not { } sensor)
        {
            _evaluator = null;
            return;
        }
        var errors = new List<Rules.Parameters.ParamError>();
        using var parameters = JsonDocument.Parse(string.IsNullOrWhiteSpace(sensor.ParamsJson) ? "{}" : sensor.ParamsJson);
        // A new definition of the same ruleset carries on from the running rule, not from the last write (up to 30 s old).
        var saved = _evaluator is not null && _evaluatorRuleset == sensor.Ruleset ? RulesetCatalog.SaveState(_evaluator)
            : State.RuleStateRuleset == sensor.Ruleset ? State.RuleState : null;
        _evaluator = RulesetCatalog.CreateOrdered(sensor.Ruleset, parameters.RootElement, saved, errors);
        _evaluatorRuleset = sensor.Ruleset;
        // The evaluator holds the rule state now; its JSON (tens of KB for a day of readings) is made again at each write.
        State.RuleState = null;
        foreach (var error in errors) log.LogWarning("Sensor {Sensor}: {Error}; the default stands in", sensor.Id, error);
    }

    private async Task Persist(CancellationToken ct = default)
    {
        State.RuleStateRuleset = _evaluator is null ? null : State.Definition?.Ruleset;
        State.RuleState = _evaluator is null ? null : RulesetCatalog.SaveState(_evaluator);
        try
        {
            await store.WriteStateAsync(ct);
            _flushDue = DateTimeOffset.MaxValue;
            _persistedAt = time.GetUtcNow();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            // Another activation wrote since this one read (its silo was taken for dead and came back): this copy is
            // stale and would fail every write from now on. Let it go; the caller's retry reaches a fresh activation.
            log.LogWarning("Sensor {Sensor}: its stored state changed under this activation; deactivating to reload it", this.GetPrimaryKeyString());
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            State.RuleState = null;
        }
    }

    private async Task FlushIfDirty(CancellationToken ct)
    {
        if (Dirty) await Persist(ct);
    }
}
