using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Warning.Storage.Spool;

namespace Warning.Storage.Influx;

/// <summary>
/// Batches points by size and time (and closes a batch early when the stream pauses), writes each batch ahead to the <see cref="BatchSpool"/>, then drains the
/// spool to InfluxDB oldest first with Polly retries. While InfluxDB is away batches pile up on disk and
/// drain in order when it returns.
/// </summary>
public sealed class InfluxWriter : BackgroundService, IReadingSink
{
    private static readonly TimeSpan MaxOutageBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(5);

    private readonly Channel<QueuedPoint> _points = Channel.CreateBounded<QueuedPoint>(
        new BoundedChannelOptions(500_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly InfluxClient _client;
    private readonly BatchSpool _spool;
    private readonly InfluxOptions _options;
    private readonly StorageMetrics _metrics;
    private readonly ILogger<InfluxWriter> _log;
    private readonly ResiliencePipeline _retry;
    private readonly TimeProvider _time;
    private DateTimeOffset _nextDrain = DateTimeOffset.MinValue;
    private TimeSpan _outageBackoff = TimeSpan.FromMilliseconds(250);
    private int _spooled;

    public InfluxWriter(InfluxClient client, BatchSpool spool, IOptions<InfluxOptions> options, StorageMetrics metrics, ILogger<InfluxWriter> log, TimeProvider time)
    {
        _client = client;
        _spool = spool;
        _options = options.Value;
        _metrics = metrics;
        _log = log;
        _time = time;
        _spooled = spool.Pending().Count;
        metrics.Meter.CreateObservableGauge("warning.influx.spool.batches", () => Volatile.Read(ref _spooled), description: "Batches waiting in the spool");
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

    public ValueTask WriteAsync(InfluxPoint point, CancellationToken ct = default)
    {
        if (_options.WaitForSpool) return WriteAndWaitForSpool(point, ct);
        var queued = new QueuedPoint(point, null);
        return _points.Writer.TryWrite(queued) ? ValueTask.CompletedTask : _points.Writer.WriteAsync(queued, ct);
    }

    private async ValueTask WriteAndWaitForSpool(InfluxPoint point, CancellationToken ct)
    {
        var spooled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _points.Writer.WriteAsync(new QueuedPoint(point, spooled), ct);
        await spooled.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureDatabase(stoppingToken);
        var batch = new List<QueuedPoint>(_options.BatchSize);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Collect(batch, stoppingToken);
                SpoolBatch(batch);
                await Drain(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Stopping: whatever is still in memory goes to disk; it drains on the next start if not now.
        while (_points.Reader.TryRead(out var point)) batch.Add(point);
        SpoolBatch(batch);
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        _nextDrain = DateTimeOffset.MinValue;
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
        try
        {
            _spool.Append(sb.ToString());
        }
        catch (Exception e)
        {
            foreach (var queued in batch) queued.Spooled?.TrySetException(e);
            batch.Clear();
            throw;
        }
        Interlocked.Increment(ref _spooled);
        _metrics.BatchesSpooled.Add(1);
        foreach (var queued in batch) queued.Spooled?.TrySetResult();
        batch.Clear();
    }

    /// <summary>A point and, when the writer waits for the spool, who to tell once it is on disk.</summary>
    private readonly record struct QueuedPoint(InfluxPoint Point, TaskCompletionSource? Spooled);

    private async Task Drain(CancellationToken ct)
    {
        if (_time.GetUtcNow() < _nextDrain) return;
        foreach (var path in _spool.Pending())
        {
            var lines = BatchSpool.Read(path);
            try
            {
                await _retry.ExecuteAsync(async token => await _client.WriteAsync(lines, token), ct);
            }
            catch (InfluxException e) when (e.IsMalformed)
            {
                var aside = _spool.Reject(path);
                Interlocked.Decrement(ref _spooled);
                _metrics.BatchesRejected.Add(1);
                _log.LogError("InfluxDB refused batch {Batch} as malformed; kept at {Aside}: {Error}", path, aside, e.Message);
                continue;
            }
            catch (Exception e) when (e is HttpRequestException or InfluxException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                        || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                _metrics.WriteFailures.Add(1);
                _nextDrain = _time.GetUtcNow() + _outageBackoff;
                _log.LogWarning("InfluxDB write failed ({Error}); {Pending} batches kept in the spool, next try in {Delay}",
                    e.Message, Volatile.Read(ref _spooled), _outageBackoff);
                _outageBackoff = TimeSpan.FromTicks(Math.Min(_outageBackoff.Ticks * 2, MaxOutageBackoff.Ticks));
                if (e is InfluxException { Status: System.Net.HttpStatusCode.NotFound }) await EnsureDatabase(ct);
                return;
            }
            BatchSpool.Remove(path);
            Interlocked.Decrement(ref _spooled);
            _metrics.PointsWritten.Add(CountLines(lines));
            _outageBackoff = TimeSpan.FromMilliseconds(250);
        }
    }

    private async Task EnsureDatabase(CancellationToken ct)
    {
        try
        {
            await _retry.ExecuteAsync(async token => await _client.EnsureDatabaseAsync(token), ct);
        }
        catch (Exception e) when (e is HttpRequestException or InfluxException or Polly.Timeout.TimeoutRejectedException)
        {
            _log.LogWarning("Could not create InfluxDB database {Database} yet: {Error}; writes will retry", _options.Database, e.Message);
        }
    }

    private static long CountLines(string lines)
    {
        long n = 0;
        foreach (var c in lines) if (c == '\n') n++;
        return n;
    }
}
