using System.Text.Json;
using Warning.Grains.Forecasts;
using Warning.Grains.Sensors;
using Warning.Grains.Telemetry;
using Warning.Ingest.DeadLetters;
using Warning.Ingest.Forecasts;
using Warning.Ingest.Registry;
using Warning.Ingest.Telemetry;
using Warning.Storage.Influx;

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
/// </remarks>
public sealed class IngestPipeline(SensorRegistry registry, IGrainFactory grains, IReadingSink log, DeadLetterStore deadLetters, IngestMetrics metrics, TimeProvider time)
{
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
        return SubmitAsync(IngestSource.Mqtt, topic, parsed.SensorId, parsed.Kind, payload);
    }

    /// <summary>One payload for <paramref name="sensorId"/>; <paramref name="kind"/> is known only from an MQTT topic.</summary>
    public async Task<IngestResult> SubmitAsync(string source, string origin, string sensorId, string? kind, ReadOnlyMemory<byte> payload)
    {
        var (sensor, rejection) = await CheckSensor(sensorId, kind);
        Reading? reading = null;
        if (rejection is null) (reading, rejection) = TelemetryParser.Parse(sensorId, payload, time.GetUtcNow());
        if (rejection is not null) return Refuse(source, origin, sensorId, payload.Span, rejection);
        return await HandOff(sensor!, reading!, source, origin, payload);
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
        var stored = Task.WhenAll(readings.Select(r => log.WriteAsync(PointOf(sensor!, r)).AsTask()));
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

    private async ValueTask<(SensorDefinition? Sensor, Rejection? Rejection)> CheckSensor(string sensorId, string? kind)
    {
        if (!TelemetryLimits.SensorId().IsMatch(sensorId))
        {
            return (null, new Rejection(RejectReason.BadSensorId, "sensorId", $"expected [A-Za-z0-9][A-Za-z0-9_.-]{{0,63}}, got \"{sensorId}\""));
        }
        // Not known here: perhaps put through another silo's API a moment ago.
        if ((registry.TryGet(sensorId, out var known) ? known : await registry.FindAsync(sensorId)) is not { } sensor)
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

    private static InfluxPoint PointOf(SensorDefinition sensor, Reading reading) =>
        new(sensor.Kind, sensor.Id, sensor.Region, reading.Values, reading.Ts.ToUnixTimeMilliseconds());
}
