using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Warning.Grains.Telemetry;
using Warning.Storage.Influx;
using Warning.Storage.Spool;

namespace Warning.Ingest.Pipeline;

/// <summary>
/// Hands the readings acknowledged before evaluation to their grains in the order they were acknowledged,
/// <c>Ingest:EvaluationConcurrency</c> at a time, and
/// at start evaluates again what the reading log holds unsettled from before (a crash between a reading's
/// acknowledgement and its evaluation): frame by frame, oldest first, each frame settled once all its readings were
/// taken. Stopping leaves what is still queued in the log, unsettled, for the next start.
/// </summary>
public sealed class EvaluationWorkers : BackgroundService
{
    private const int RecoveryConcurrency = 64;

    private readonly IngestPipeline pipeline;
    private readonly IOptions<IngestOptions> options;
    private readonly ILogger<EvaluationWorkers> log;
    private readonly ReadingLog? readingLog;

    public EvaluationWorkers(IngestPipeline pipeline, IngestMetrics metrics, IOptions<IngestOptions> options, ILogger<EvaluationWorkers> log, ReadingLog? readingLog = null)
    {
        (this.pipeline, this.options, this.log, this.readingLog) = (pipeline, options, log, readingLog);
        metrics.Meter.CreateObservableGauge("warning.ingest.evaluation.queued", () => pipeline.Queued, description: "Readings acknowledged and waiting for their grain");
        metrics.Meter.CreateObservableGauge("warning.ingest.awaiting_durability", () => pipeline.AwaitingDurability, description: "Broker readings waiting for the reading log to make them durable (their acknowledgement)");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dispatching = Dispatch(stoppingToken);
        try
        {
            await Recover(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await dispatching;
    }

    // One loop takes the queue in order and starts each reading's grain call before it takes the next (the call is sent
    // when it starts), so a sensor's readings reach their grain in the order they were acknowledged; up to
    // EvaluationConcurrency calls run at once.
    private async Task Dispatch(CancellationToken ct)
    {
        await Task.Yield();
        var reader = pipeline.QueuedReadings;
        var slots = new SemaphoreSlim(options.Value.EvaluationConcurrency);
        try
        {
            while (await reader.WaitToReadAsync(ct))
            {
                while (reader.TryRead(out var queued))
                {
                    await slots.WaitAsync(ct);
                    _ = Evaluate(queued, slots, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        // Readings left queued stay unsettled in the log; one not in the log is not acknowledged either.
        while (reader.TryRead(out var left)) left.Evaluated.TrySetCanceled(ct);
    }

    private async Task Evaluate(QueuedReading queued, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            await pipeline.EvaluateQueuedAsync(queued, ct);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task Recover(CancellationToken ct)
    {
        if (readingLog is null) return;
        var frames = readingLog.TakeUnsettled();
        if (frames.Count == 0) return;
        long readings = 0, taken = 0, gone = 0, unreadable = 0, left = 0;
        foreach (var frame in frames)
        {
            var points = new List<InfluxPoint>();
            foreach (var line in readingLog.Read(frame).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!LineProtocol.TryParse(line, out var point)) unreadable++;
                else if (point!.Measurement != InfluxPoint.ForecastMeasurement) points.Add(point);
            }
            // Sensors side by side, each sensor's readings in the order they were written.
            var bySensor = points.GroupBy(p => p.Sensor, StringComparer.Ordinal);
            try
            {
                await Parallel.ForEachAsync(bySensor, new ParallelOptions { MaxDegreeOfParallelism = RecoveryConcurrency, CancellationToken = ct }, async (sensor, token) =>
                {
                    foreach (var point in sensor)
                    {
                        var outcome = await pipeline.ReevaluateAsync(point, token);
                        if (outcome is null) Interlocked.Increment(ref gone);
                        else if (outcome == IngestOutcome.Accepted) Interlocked.Increment(ref taken);
                    }
                });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Its grains out of reach past the retries: the frame stays unsettled, for the next start.
                left++;
                log.LogError(e, "A batch of the reading log ({Readings} readings) could not be evaluated again; it is kept for the next start", points.Count);
                continue;
            }
            readings += points.Count;
            readingLog.Settled(frame);
        }
        log.LogWarning("Evaluated again {Readings} readings acknowledged before the last stop ({Frames} batches of the reading log, {Left} kept for the next start): "
            + "{Taken} new to their grains, the rest seen already; {Gone} of sensors no longer registered, {Unreadable} lines unreadable",
            readings, frames.Count - left, left, taken, gone, unreadable);
    }
}
