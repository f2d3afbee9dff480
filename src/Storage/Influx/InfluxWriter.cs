using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Warning.Storage.Rollups;
using Warning.Storage.Spool;

namespace Warning.Storage.Influx;

/// <summary>
/// Batches points by size and time (and closes a batch early when the stream pauses), writes each batch ahead to the
/// <see cref="ReadingLog"/> (one frame and one flush to disk a batch), then drains the log to InfluxDB oldest first with
/// Polly retries. While InfluxDB is away frames pile up on disk and drain in order when it returns. Each batch InfluxDB
/// took is recorded in <see cref="TouchedHours"/> for the rollups.
/// </summary>
public sealed class InfluxWriter : BackgroundService, IReadingSink
{
    private static readonly TimeSpan MaxOutageBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(5);

    /// <summary>The segment being written is deleted once it drained and nothing came for this long.</summary>
    private static readonly TimeSpan IdleSegment = TimeSpan.FromSeconds(1);

    private readonly Channel<QueuedPoint> _points = Channel.CreateBounded<QueuedPoint>(
        new BoundedChannelOptions(500_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly InfluxClient _client;
    private readonly InfluxSchema _schema;
    private readonly TouchedHours _touched;
    private readonly ReadingLog _spool;
    private readonly InfluxOptions _options;
    private readonly StorageMetrics _metrics;
    private readonly ILogger<InfluxWriter> _log;
    private readonly ResiliencePipeline _retry;
    private readonly TimeProvider _time;
    private DateTimeOffset _nextDrain = DateTimeOffset.MinValue;
    private TimeSpan _outageBackoff = TimeSpan.FromMilliseconds(250);

    // Batches already acknowledged to their sensors that the spool could not write (disk full): held here, written
    // to the spool or straight to InfluxDB as soon as either takes them. Past Influx:HeldPointsLimit points, writers
    // waiting for the spool are refused while the disk stays full (their hand-off fails, so their device sends again),
    // and points nobody waits for are not taken at all, so the back-pressure reaches the broker instead of memory
    // growing without end.
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Lines, int Points)> _held = new();

    // Spooling and draining run apart, so a writer waiting for the disk never also waits for InfluxDB's answer.
    private readonly SemaphoreSlim _spooledSignal = new(0);
    private int _heldPoints;
    private DateTimeOffset _nextSpoolErrorLog = DateTimeOffset.MinValue;
    private DateTimeOffset _nextRetentionLog = DateTimeOffset.MinValue;

    public InfluxWriter(InfluxClient client, InfluxSchema schema, TouchedHours touched, ReadingLog spool, IOptions<InfluxOptions> options,
        StorageMetrics metrics, ILogger<InfluxWriter> log, TimeProvider time)
    {
        _client = client;
        _schema = schema;
        _touched = touched;
        _spool = spool;
        _options = options.Value;
        _metrics = metrics;
        _log = log;
        _time = time;
        if (spool.Unsettled > 0)
            log.LogWarning("The reading log {Dir} holds {Frames} batches of readings acknowledged and perhaps not evaluated before the engine stopped; they are evaluated again",
                spool.Location, spool.Unsettled);
        if (spool.TornFrames > 0)
            log.LogWarning("The reading log {Dir} ended in {Torn} frames cut short by a crash (never acknowledged); {Pending} whole frames drain to InfluxDB",
                spool.Location, spool.TornFrames, spool.Pending);
        metrics.Meter.CreateObservableGauge("warning.influx.spool.batches", () => spool.Pending, description: "Batches waiting in the reading log");
        metrics.Meter.CreateObservableGauge("warning.influx.spool.unsettled", () => spool.Unsettled, description: "Batches in the reading log with readings acknowledged and not yet evaluated");
        metrics.Meter.CreateObservableGauge("warning.influx.held.points", () => Volatile.Read(ref _heldPoints), description: "Points held in memory because the spool could not be written");
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>()
                    .Handle<InfluxException>(e => !e.IsMalformed),
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
            })
            .AddTimeout(TimeSpan.FromSeconds(10))
            .Build();
    }

    public bool Keeps => true;

    public ValueTask WriteAsync(InfluxPoint point, CancellationToken ct = default)
    {
        if (_options.WaitForSpool) return new ValueTask(WriteAndWaitForSpool(point, false, ct).AsTask());
        var queued = new QueuedPoint(point, null, false);
        return _points.Writer.TryWrite(queued) ? ValueTask.CompletedTask : _points.Writer.WriteAsync(queued, ct);
    }

    public async ValueTask<LogFrame?> WriteUnevaluatedAsync(InfluxPoint point, CancellationToken ct = default)
    {
        // Not waiting for the disk: nothing durable to acknowledge on, so the caller waits for the evaluation instead.
        if (!_options.WaitForSpool)
        {
            await WriteAsync(point, ct);
            return null;
        }
        return await WriteAndWaitForSpool(point, true, ct);
    }

    public void Settled(LogFrame frame) => _spool.Settled(frame);

    private async ValueTask<LogFrame?> WriteAndWaitForSpool(InfluxPoint point, bool unevaluated, CancellationToken ct)
    {
        var spooled = new TaskCompletionSource<LogFrame?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _points.Writer.WriteAsync(new QueuedPoint(point, spooled, unevaluated), ct);
        return await spooled.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureDatabase(stoppingToken);
        var batch = new List<QueuedPoint>(_options.BatchSize);
        var drainer = Task.Run(() => DrainLoop(stoppingToken), CancellationToken.None);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Past the limit, writers waiting for the spool are still collected: the disk may take their batch
                // again, or else they are refused at once rather than kept waiting for InfluxDB's return.
                if (_options.WaitForSpool || Volatile.Read(ref _heldPoints) < _options.HeldPointsLimit) await Collect(batch, stoppingToken);
                else await Task.Delay(_outageBackoff, stoppingToken);
                SpoolBatch(batch);
                _spooledSignal.Release();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await drainer;

        // Stopping: whatever is still in memory goes to disk; it drains on the next start if not now.
        while (_points.Reader.TryRead(out var point)) batch.Add(point);
        SpoolBatch(batch);
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        _nextDrain = DateTimeOffset.MinValue;
        try
        {
            await DrainHeld(last.Token);
        }
        catch (OperationCanceledException)
        {
        }
        if (_heldPoints > 0)
            _log.LogError("Stopping with {Held} points neither spooled (disk full) nor stored (InfluxDB did not answer): they are lost", _heldPoints);
        await Drain(last.Token);
    }

    // A batch closes when it is full, when FlushInterval has passed since its first point, or when no point has come
    // for Linger: under load batches fill up; a lone reading is stored within milliseconds, not a second later.
    private async Task Collect(List<QueuedPoint> batch, CancellationToken ct)
    {
        var reader = _points.Reader;
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        window.CancelAfter(_options.FlushInterval);
        try
        {
            await reader.WaitToReadAsync(window.Token);
            while (batch.Count < _options.BatchSize)
            {
                while (batch.Count < _options.BatchSize && reader.TryRead(out var point)) batch.Add(point);
                if (batch.Count >= _options.BatchSize) break;
                // Writers waiting for the disk are not kept waiting a linger: what arrives during one fsync goes in the
                // next batch (group commit), so batches grow with the load by themselves.
                if (_options.WaitForSpool) break;
                using var linger = CancellationTokenSource.CreateLinkedTokenSource(window.Token);
                linger.CancelAfter(Linger);
                await reader.WaitToReadAsync(linger.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    private void SpoolBatch(List<QueuedPoint> batch)
    {
        if (batch.Count == 0) return;
        var sb = new StringBuilder(batch.Count * 80);
        foreach (var queued in batch) LineProtocol.Append(sb, queued.Point);
        var lines = sb.ToString();
        var unevaluated = 0;
        foreach (var queued in batch) if (queued.Unevaluated) unevaluated++;
        LogFrame frame;
        try
        {
            frame = _spool.Append(lines, unevaluated);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var held = Volatile.Read(ref _heldPoints);
            if (held < _options.HeldPointsLimit)
            {
                // Warnings matter more than the crash-safety of these readings: held in memory, they are taken (and
                // evaluated) while the disk is full; a crash before InfluxDB stores them would lose them, and the log says so.
                Hold(lines, batch.Count);
                // Held, not logged: their writers wait for the evaluation before they acknowledge.
                foreach (var queued in batch) queued.Spooled?.TrySetResult(null);
            }
            else
            {
                // Too much held: waiting writers are refused (their broker delivers again later); the rest, already taken, are kept.
                var taken = batch.Where(q => q.Spooled is null).ToList();
                if (taken.Count > 0)
                {
                    var heldLines = new StringBuilder();
                    foreach (var queued in taken) LineProtocol.Append(heldLines, queued.Point);
                    Hold(heldLines.ToString(), taken.Count);
                }
                var refused = new IOException($"The reading log {_spool.Location} cannot be written ({e.Message}) and {held} points are "
                    + $"already held in memory (Influx:HeldPointsLimit {_options.HeldPointsLimit}): the reading is refused, to be sent again", e);
                foreach (var queued in batch) queued.Spooled?.TrySetException(refused);
            }
            batch.Clear();
            SpoolFailed(e);
            return;
        }
        _metrics.BatchesSpooled.Add(1);
        foreach (var queued in batch) queued.Spooled?.TrySetResult(queued.Unevaluated ? frame : null);
        batch.Clear();
    }

    private void Hold(string lines, int points)
    {
        _held.Enqueue((lines, points));
        Interlocked.Add(ref _heldPoints, points);
    }

    private void SpoolFailed(Exception e)
    {
        _metrics.SpoolFailures.Add(1);
        if (_time.GetUtcNow() < _nextSpoolErrorLog) return;
        _nextSpoolErrorLog = _time.GetUtcNow() + TimeSpan.FromMinutes(1);
        _log.LogError("The spool {Dir} cannot be written ({Error}); {Held} points are held in memory and written to InfluxDB directly "
            + "while it answers. Free disk space under the data directory.", _spool.Location, e.Message, Volatile.Read(ref _heldPoints));
    }

    // Held batches go back to the spool when the disk takes them again, or else straight to InfluxDB.
    private async Task DrainHeld(CancellationToken ct)
    {
        while (_held.TryPeek(out var held))
        {
            try
            {
                _spool.Append(held.Lines);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (_time.GetUtcNow() < _nextDrain) return;
                try
                {
                    _metrics.PointsWritten.Add(held.Points - await Write(held.Lines, ct));
                }
                catch (Exception write) when (write is HttpRequestException or InfluxException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                                  || (write is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    _metrics.WriteFailures.Add(1);
                    _nextDrain = _time.GetUtcNow() + _outageBackoff;
                    _outageBackoff = TimeSpan.FromTicks(Math.Min(_outageBackoff.Ticks * 2, MaxOutageBackoff.Ticks));
                    SpoolFailed(e);
                    return;
                }
            }
            _held.TryDequeue(out _);
            Interlocked.Add(ref _heldPoints, -held.Points);
        }
    }

    public override void Dispose()
    {
        _spooledSignal.Dispose();
        base.Dispose();
    }

    private async Task DrainLoop(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Woken by each spooled batch, or once a second to retry after an outage.
                await _spooledSignal.WaitAsync(TimeSpan.FromSeconds(1), ct);
                while (_spooledSignal.CurrentCount > 0) _spooledSignal.Wait(0);
                await DrainHeld(ct);
                await Drain(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A point and, when the writer waits for the spool, who to tell once it is on disk (and in which frame, for a reading
    /// acknowledged before its evaluation, whose frame stays until it is settled).
    /// </summary>
    private readonly record struct QueuedPoint(InfluxPoint Point, TaskCompletionSource<LogFrame?>? Spooled, bool Unevaluated);

    private async Task Drain(CancellationToken ct)
    {
        if (_time.GetUtcNow() < _nextDrain) return;
        while (_spool.TryPeek(out var frame))
        {
            var lines = _spool.Read(frame);
            long dropped;
            try
            {
                dropped = await Write(lines, ct);
            }
            catch (InfluxException e) when (e.IsMalformed)
            {
                var aside = _spool.Reject(frame);
                _metrics.BatchesRejected.Add(1);
                _log.LogError("InfluxDB refused a batch as malformed; kept at {Aside}: {Error}", aside, e.Message);
                continue;
            }
            catch (Exception e) when (e is HttpRequestException or InfluxException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                        || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                _metrics.WriteFailures.Add(1);
                _nextDrain = _time.GetUtcNow() + _outageBackoff;
                _log.LogWarning("InfluxDB write failed ({Error}); {Pending} batches kept in the reading log, next try in {Delay}",
                    e.Message, _spool.Pending, _outageBackoff);
                _outageBackoff = TimeSpan.FromTicks(Math.Min(_outageBackoff.Ticks * 2, MaxOutageBackoff.Ticks));
                if (e is InfluxException { Status: System.Net.HttpStatusCode.NotFound }) await EnsureDatabase(ct, again: true);
                return;
            }
            _spool.Drained(frame);
            _metrics.PointsWritten.Add(CountLines(lines) - dropped);
            _outageBackoff = TimeSpan.FromMilliseconds(250);
        }
        _spool.Tidy(IdleSegment);
    }

    /// <summary>
    /// Writes one batch and records its hours for the rollups; returns how many points InfluxDB dropped as older than
    /// the raw retention (a replay of a season years back) while it stored the rest: such a batch counts as written.
    /// </summary>
    private async Task<long> Write(string lines, CancellationToken ct)
    {
        long dropped = 0;
        try
        {
            await _retry.ExecuteAsync(async token => await _client.WriteAsync(lines, token), ct);
        }
        catch (InfluxException e) when (e.IsBeyondRetention)
        {
            dropped = e.Dropped;
            _metrics.PointsBeyondRetention.Add(dropped);
            if (_time.GetUtcNow() >= _nextRetentionLog)
            {
                _nextRetentionLog = _time.GetUtcNow() + TimeSpan.FromMinutes(1);
                _log.LogWarning("InfluxDB dropped {Dropped} readings older than Influx:RawRetention ({Retention}); the rest of the batch is stored",
                    e.Dropped, _options.RawRetention);
            }
        }
        _touched.Record(lines);
        return dropped;
    }

    private async Task EnsureDatabase(CancellationToken ct, bool again = false)
    {
        try
        {
            await _retry.ExecuteAsync(async token => await _schema.EnsureAsync(token, again), ct);
        }
        catch (Exception e) when (e is HttpRequestException or InfluxException or Polly.Timeout.TimeoutRejectedException)
        {
            _log.LogWarning("Could not create InfluxDB database {Database} or its retention policies yet: {Error}; writes will retry", _options.Database, e.Message);
        }
    }

    private static long CountLines(string lines)
    {
        long n = 0;
        foreach (var c in lines) if (c == '\n') n++;
        return n;
    }
}
