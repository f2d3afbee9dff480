using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Warning.Grains.Forecasts;
using Warning.Grains.Sensors;
using Warning.Grains.Telemetry;
using Warning.Ingest.DeadLetters;
using Warning.Ingest.Forecasts;
using Warning.Ingest.Registry;
using Warning.Ingest.Telemetry;
using Warning.Storage.Influx;
using Warning.Storage.Spool;

namespace Warning.Ingest.Pipeline;

/// <summary>
/// The one path every telemetry message takes, from MQTT, HTTP or a replay: validate, check the sensor is registered,
/// hand the reading to its sensor grain. Whatever is refused is counted and dead-lettered with its reason,
/// and the next message is processed as if nothing happened.
/// </summary>
/// <remarks>
/// The hand-off is two things at once: the reading's point goes into this silo's reading log (<see cref="IReadingSink"/>,
/// group-committed, drained to InfluxDB) and the grain evaluates it; the caller (a PUBACK, an HTTP answer, a queue
/// acknowledgement) waits for both. The grain never waits for the disk, so its next reading need not wait for this one's
/// sync. Every valid reading of a registered sensor is written, a repeat too (InfluxDB keeps one point per series and
/// time, so a repeat changes nothing): a reading the grain took while its write failed is stored when the device sends it
/// again, although the grain then calls it a duplicate.
/// <para>A broker's reading of an independent sensor (<see cref="SensorCoupling"/>; <see cref="FromMqttAsync"/>) is acknowledged once durable (<c>Ingest:Acknowledge</c> =
/// <c>durable</c>): it is queued for its grain while it is written, and the log keeps its frame until the evaluation
/// settled it (<see cref="EvaluateQueuedAsync"/>, run by <see cref="EvaluationWorkers"/>); a crash in between evaluates
/// it again at the next start (<see cref="ReevaluateAsync"/>). A storm's red readings then cost the devices the disk's
/// sync, not the warning path behind them.</para>
/// </remarks>
public sealed class IngestPipeline(
    SensorRegistry registry, IGrainFactory grains, IReadingSink log, DeadLetterStore deadLetters, IngestMetrics metrics, TimeProvider time,
    IOptions<IngestOptions> options, ILogger<IngestPipeline> logger)
{
    private readonly Channel<QueuedReading> _queue = Channel.CreateBounded<QueuedReading>(
        new BoundedChannelOptions(options.Value.EvaluationQueue) { FullMode = BoundedChannelFullMode.Wait });

    private readonly bool _acknowledgeDurable = options.Value.Acknowledge == IngestOptions.Durable;

    // A queued reading's grain may be out of reach a while (its silo died, the cluster is moving it): tried again for
    // about half a minute; after that it stays in the log unsettled and is evaluated again at the next start.
    private readonly ResiliencePipeline _evaluationRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            MaxRetryAttempts = 10,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(5),
        })
        .Build();

    private int _awaitingDurability;

    /// <summary>Readings acknowledged and waiting for their grain.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Broker readings whose acknowledgement waits for the reading log to make them durable.</summary>
    public int AwaitingDurability => Volatile.Read(ref _awaitingDurability);

    /// <summary>The queue <see cref="EvaluationWorkers"/> take readings from.</summary>
    public ChannelReader<QueuedReading> QueuedReadings => _queue.Reader;

    /// <summary>Raised for every reading a grain accepted (the live feed summarises them).</summary>
    public event Action<Reading>? Accepted;

    /// <summary>An MQTT message on <c>sensors/{kind}/{id}/telemetry</c>.</summary>
    public Task<IngestResult> FromMqttAsync(string topic, ReadOnlyMemory<byte> payload)
    {
        CountReceived(IngestSource.Mqtt);
        var parsed = SensorTopic.Parse(topic);
        if (parsed is null || parsed.Channel != "telemetry")
        {
            return Task.FromResult(Refuse(IngestSource.Mqtt, topic, null, payload.Span,
                new Rejection(RejectReason.BadTopic, "topic", $"expected sensors/{{kind}}/{{sensorId}}/telemetry, got \"{topic}\"")));
        }
        return SubmitAsync(IngestSource.Mqtt, topic, parsed.SensorId, parsed.Kind, payload, _acknowledgeDurable);
    }

    /// <summary>
    /// One payload for <paramref name="sensorId"/>; <paramref name="kind"/> is known only from an MQTT topic. With
    /// <paramref name="beforeEvaluation"/> the task ends once the reading is durable, with <see cref="IngestResult.Queued"/>.
    /// </summary>
    public async Task<IngestResult> SubmitAsync(string source, string origin, string sensorId, string? kind, ReadOnlyMemory<byte> payload, bool beforeEvaluation = false)
    {
        var (sensor, rejection) = await CheckSensor(sensorId, kind);
        Reading? reading = null;
        if (rejection is null) (reading, rejection) = TelemetryParser.Parse(sensorId, payload, time.GetUtcNow());
        if (rejection is not null) return Refuse(source, origin, sensorId, payload.Span, rejection);
        // Only a sensor no other reads, or is read by, goes before its evaluation: the others' order with each other's
        // readings (a camera's with its area's, a detector's with its source's) is the order they were acknowledged in.
        return beforeEvaluation && SensorCoupling.IsIndependent(sensor!) ? await HandOffUnevaluated(sensor!, reading!, source, origin, payload) : await HandOff(sensor!, reading!, source, origin, payload);
    }

    /// <summary>An item of an HTTP array, already parsed as JSON, at <paramref name="path"/>.</summary>
    public async Task<IngestResult> SubmitElementAsync(string origin, string sensorId, JsonElement element, string path)
    {
        CountReceived(IngestSource.Http);
        var (sensor, rejection) = await CheckSensor(sensorId, null);
        Reading? reading = null;
        if (rejection is null) (reading, rejection) = TelemetryParser.Parse(sensorId, element, path, time.GetUtcNow());
        var payload = System.Text.Encoding.UTF8.GetBytes(element.GetRawText());
        if (rejection is not null) return Refuse(IngestSource.Http, origin, sensorId, payload, rejection);
        return await HandOff(sensor!, reading!, IngestSource.Http, origin, payload);
    }

    /// <summary>A reading already parsed (a replay straight to the grains): the registry check and the hand-off.</summary>
    public async Task<IngestResult> SubmitReadingAsync(string source, string origin, Reading reading)
    {
        CountReceived(source);
        var (sensor, rejection) = await CheckSensor(reading.SensorId, null);
        if (rejection is not null) return Refuse(source, origin, reading.SensorId, [], rejection);
        return await HandOff(sensor!, reading, source, origin, ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>
    /// Readings of one sensor already parsed (a replay's chunk of event time), in order: counted, the registry checked
    /// once for the sensor and handed to its grain in one call; each reading's fate counted and dead-lettered exactly as
    /// <see cref="SubmitReadingAsync"/> does it, in order.
    /// </summary>
    public async Task<IReadOnlyList<IngestResult>> SubmitReadingsAsync(string source, string origin, string sensorId, IReadOnlyList<Reading> readings)
    {
        var results = new IngestResult[readings.Count];
        if (readings.Count == 0) return results;
        metrics.Received.Add(readings.Count, new KeyValuePair<string, object?>("source", source));
        var (sensor, rejection) = await CheckSensor(sensorId, null);
        if (rejection is not null)
        {
            for (var i = 0; i < readings.Count; i++) results[i] = Refuse(source, origin, sensorId, [], rejection);
            return results;
        }
        // As one reading's hand-off: the points to the reading log while the grain takes the batch, and both awaited.
        var stored = WriteAll(sensor!, readings);
        IReadOnlyList<IngestOutcome> outcomes;
        try
        {
            outcomes = await grains.GetGrain<ISensorGrain>(sensorId).IngestBatch(new ReadingBatch(readings));
        }
        finally
        {
            await stored;
        }
        for (var i = 0; i < readings.Count; i++) results[i] = Settle(outcomes[i], readings[i], source, origin, []);
        return results;
    }

    /// <summary>An MQTT message on <c>forecasts/rain/{sensorId}</c>: a rainfall forecast issue for that gauge.</summary>
    public Task<IngestResult> ForecastFromMqttAsync(string topic, ReadOnlyMemory<byte> payload)
    {
        CountReceived(IngestSource.Mqtt);
        if (ForecastTopic.SensorOf(topic) is not { } sensorId)
        {
            return Task.FromResult(Refuse(IngestSource.Mqtt, topic, null, payload.Span,
                new Rejection(RejectReason.BadTopic, "topic", $"expected forecasts/rain/{{sensorId}}, got \"{topic}\"")));
        }
        return SubmitForecastAsync(IngestSource.Mqtt, topic, sensorId, payload);
    }

    /// <summary>One forecast payload for <paramref name="sensorId"/>, a rain gauge of the registry.</summary>
    public async Task<IngestResult> SubmitForecastAsync(string source, string origin, string sensorId, ReadOnlyMemory<byte> payload)
    {
        var (_, rejection) = await CheckSensor(sensorId, "rain");
        ForecastIssue? forecast = null;
        if (rejection is null) (forecast, rejection) = ForecastParser.Parse(sensorId, payload, time.GetUtcNow());
        if (rejection is not null) return Refuse(source, origin, sensorId, payload.Span, rejection);
        return await HandOffForecast(forecast!, source, origin, payload);
    }

    /// <summary>A forecast already parsed (<c>POST /api/forecasts</c> for a gauge or each gauge of an area, a replay).</summary>
    public async Task<IngestResult> SubmitForecastAsync(string source, string origin, ForecastIssue forecast)
    {
        CountReceived(source);
        if ((await CheckSensor(forecast.SensorId, "rain")).Rejection is { } rejection) return Refuse(source, origin, forecast.SensorId, [], rejection);
        return await HandOffForecast(forecast, source, origin, ReadOnlyMemory<byte>.Empty);
    }

    private async Task<IngestResult> HandOffForecast(ForecastIssue forecast, string source, string origin, ReadOnlyMemory<byte> payload)
    {
        var outcome = await grains.GetGrain<ISensorGrain>(forecast.SensorId).Forecast(forecast);
        if (outcome == IngestOutcome.UnknownSensor)
        {
            return Refuse(source, origin, forecast.SensorId, payload.Span,
                new Rejection(RejectReason.UnknownSensor, "sensorId", $"sensor \"{forecast.SensorId}\" is not configured yet; send again"));
        }
        metrics.Accepted.Add(1);
        return IngestResult.Of(outcome);
    }

    /// <summary>Counts a refusal that happened before a payload could be read (e.g. an HTTP body over the size limit).</summary>
    public IngestResult Refuse(string source, string origin, string? sensorId, ReadOnlySpan<byte> payload, Rejection rejection)
    {
        metrics.Rejected.Add(1, new KeyValuePair<string, object?>("reason", rejection.Reason));
        deadLetters.Add(new DeadLetter(time.GetUtcNow(), source, origin, sensorId, rejection.Reason, rejection.Field, rejection.Error,
            DeadLetterStore.PayloadText(payload)));
        return IngestResult.Refuse(rejection);
    }

    /// <summary>A <c>status</c> message (<c>online</c> / <c>offline</c>, often the sensor's last will).</summary>
    public async Task ReportStatus(string sensorId, string status)
    {
        if (status is not ("online" or "offline") || !registry.TryGet(sensorId, out _)) return;
        await grains.GetGrain<ISensorGrain>(sensorId).ReportStatus(status == "online");
    }

    /// <summary>Counts a refusal without a dead letter: for floods (rate limits), which must not become floods of disk writes.</summary>
    public void CountRefused(string source, string reason)
    {
        CountReceived(source);
        metrics.Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void CountReceived(string source) => metrics.Received.Add(1, new KeyValuePair<string, object?>("source", source));

    // Known here, or else perhaps put through another silo's API a moment ago.
    private async ValueTask<SensorDefinition?> FindSensor(string sensorId) =>
        registry.TryGet(sensorId, out var known) ? known : await registry.FindAsync(sensorId);

    private async ValueTask<(SensorDefinition? Sensor, Rejection? Rejection)> CheckSensor(string sensorId, string? kind)
    {
        if (!TelemetryLimits.SensorId().IsMatch(sensorId))
        {
            return (null, new Rejection(RejectReason.BadSensorId, "sensorId", $"expected [A-Za-z0-9][A-Za-z0-9_.-]{{0,63}}, got \"{sensorId}\""));
        }
        if (await FindSensor(sensorId) is not { } sensor)
        {
            return (null, new Rejection(RejectReason.UnknownSensor, "sensorId", $"sensor \"{sensorId}\" is not in the registry"));
        }
        if (kind is not null && kind != sensor.Kind)
        {
            return (null, new Rejection(RejectReason.KindMismatch, "topic", $"sensor \"{sensorId}\" is registered as {sensor.Kind}, not {kind}"));
        }
        return (sensor, null);
    }

    private async Task<IngestResult> HandOff(SensorDefinition sensor, Reading reading, string source, string origin, ReadOnlyMemory<byte> payload)
    {
        var stored = log.WriteAsync(PointOf(sensor, reading)).AsTask();
        IngestOutcome outcome;
        try
        {
            outcome = await grains.GetGrain<ISensorGrain>(reading.SensorId).Ingest(reading);
        }
        finally
        {
            // A failed write fails the hand-off (not acknowledged, sent again), whatever the grain said.
            await stored;
        }
        return Settle(outcome, reading, source, origin, payload.Span);
    }

    // Queued for its grain while its point is written; acknowledged once durable, or once evaluated if it is not in the log.
    private async Task<IngestResult> HandOffUnevaluated(SensorDefinition sensor, Reading reading, string source, string origin, ReadOnlyMemory<byte> payload)
    {
        Interlocked.Increment(ref _awaitingDurability);
        try
        {
            var written = log.WriteUnevaluatedAsync(PointOf(sensor, reading)).AsTask();
            var queued = new QueuedReading(reading, source, origin, payload.ToArray(), written);
            if (!_queue.Writer.TryWrite(queued)) await _queue.Writer.WriteAsync(queued);
            if (await written is null) await queued.Evaluated.Task;
            return IngestResult.Queued;
        }
        finally
        {
            Interlocked.Decrement(ref _awaitingDurability);
        }
    }

    /// <summary>
    /// A queued reading to its grain (tried again while the grain is out of reach), its fate counted as a hand-off's, then
    /// its frame settled. Evaluated in vain: its frame stays unsettled and is evaluated again at the next start.
    /// </summary>
    public async Task EvaluateQueuedAsync(QueuedReading queued, CancellationToken ct)
    {
        try
        {
            var outcome = await _evaluationRetry.ExecuteAsync(
                async _ => await grains.GetGrain<ISensorGrain>(queued.Reading.SensorId).Ingest(queued.Reading), ct);
            Settle(outcome, queued.Reading, queued.Source, queued.Origin, queued.Payload);
            queued.Evaluated.TrySetResult();
        }
        catch (Exception e)
        {
            queued.Evaluated.TrySetException(e);
            if (e is not OperationCanceledException)
                logger.LogError(e, "Reading of {Sensor} at {Ts:O} acknowledged and not evaluated; it stays in the reading log and is evaluated again at the next start",
                    queued.Reading.SensorId, queued.Reading.Ts);
            return;
        }
        LogFrame? frame;
        try
        {
            frame = await queued.Written;
        }
        catch (Exception)
        {
            return; // not written, so not acknowledged: the device sends it again
        }
        if (frame is { } settled) log.Settled(settled);
    }

    /// <summary>
    /// A reading found in the reading log at start, acknowledged and perhaps never evaluated, to its grain (a grain that
    /// evaluated it already calls it a duplicate); a sensor no longer registered is passed over. Returns the outcome, or
    /// null when the sensor is gone.
    /// </summary>
    public async Task<IngestOutcome?> ReevaluateAsync(InfluxPoint point, CancellationToken ct)
    {
        if (await FindSensor(point.Sensor) is null) return null;
        var reading = new Reading(point.Sensor, DateTimeOffset.FromUnixTimeMilliseconds(point.TimestampMs), null, point.Fields);
        var outcome = await _evaluationRetry.ExecuteAsync(async _ => await grains.GetGrain<ISensorGrain>(point.Sensor).Ingest(reading), ct);
        if (outcome == IngestOutcome.Accepted)
        {
            metrics.Accepted.Add(1);
            Accepted?.Invoke(reading);
        }
        return outcome;
    }

    // What a grain said of one reading, counted (and a reading its grain could not take yet, dead-lettered).
    private IngestResult Settle(IngestOutcome outcome, Reading reading, string source, string origin, ReadOnlySpan<byte> payload)
    {
        switch (outcome)
        {
            case IngestOutcome.UnknownSensor:
                // The registry knows the sensor but its grain has no entry yet (a registry change in flight).
                return Refuse(source, origin, reading.SensorId, payload,
                    new Rejection(RejectReason.UnknownSensor, "sensorId", $"sensor \"{reading.SensorId}\" is not configured yet; send again"));
            case IngestOutcome.Accepted:
                metrics.Accepted.Add(1);
                Accepted?.Invoke(reading);
                break;
            case IngestOutcome.Duplicate:
                metrics.Duplicates.Add(1);
                break;
        }
        return IngestResult.Of(outcome);
    }

    // Every point to the log; only writes still under way are waited for (while the log keeps up, none is: no task and no
    // array of them for each reading of a batch). A write that failed at once fails the batch as before. With storage off
    // (a replay) no point is made at all.
    private Task WriteAll(SensorDefinition sensor, IReadOnlyList<Reading> readings)
    {
        if (!log.Keeps) return Task.CompletedTask;
        List<Task>? pending = null;
        foreach (var reading in readings)
        {
            var write = log.WriteAsync(PointOf(sensor, reading));
            if (write.IsCompletedSuccessfully) write.GetAwaiter().GetResult(); // consumed, as a value task must be
            else (pending ??= []).Add(write.AsTask());
        }
        return pending is null ? Task.CompletedTask : Task.WhenAll(pending);
    }

    private static InfluxPoint PointOf(SensorDefinition sensor, Reading reading) =>
        new(sensor.Kind, sensor.Id, sensor.Region, reading.Values, reading.Ts.ToUnixTimeMilliseconds());
}
