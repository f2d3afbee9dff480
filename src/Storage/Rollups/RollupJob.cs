using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Warning.Storage.Influx;

namespace Warning.Storage.Rollups;

/// <summary>
/// Every <see cref="InfluxOptions.RollupInterval"/>, rolls up the hours InfluxDB took readings for since the last run
/// (<see cref="TouchedHours"/>, recorded by the writer once a batch is stored): live hours, late readings and replayed
/// seasons years back alike, whatever the continuous queries' schedule. Hours that fail (InfluxDB away) are kept for
/// the next run. Each silo rolls up what its own writer stored; where silos' hours overlap they compute the same points.
/// Stops after the writer (registered before it), so the writer's last batches are rolled up too.
/// </summary>
public sealed class RollupJob(
    TouchedHours touched, RollupRunner runner, InfluxSchema schema, IOptions<InfluxOptions> options,
    StorageMetrics metrics, ILogger<RollupJob> log, TimeProvider time) : BackgroundService
{
    private DateTimeOffset _nextErrorLog = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RollupInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await RunOnce(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var last = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        last.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await RunOnce(last.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One run: takes the hours recorded so far and rolls them up, putting back what failed.</summary>
    public async Task RunOnce(CancellationToken ct)
    {
        if (touched.Count == 0) return;
        try
        {
            await schema.EnsureAsync(ct);
        }
        catch (Exception e) when (IsOutage(e, ct))
        {
            Failed(e, touched.Count);
            return;
        }
        var taken = touched.Take().ToList();
        for (var i = 0; i < taken.Count; i++)
        {
            var (measurement, hours) = taken[i];
            try
            {
                var written = await runner.RollUpAsync(measurement, hours, ct);
                metrics.RollupHours.Add(hours.Count);
                metrics.RollupPoints.Add(written);
            }
            catch (Exception e) when (IsOutage(e, ct))
            {
                touched.Return(measurement, hours);
                Failed(e, hours.Count);
            }
            catch (OperationCanceledException)
            {
                foreach (var (m, h) in taken.Skip(i)) touched.Return(m, h);
                throw;
            }
        }
    }

    private static bool IsOutage(Exception e, CancellationToken ct) =>
        e is HttpRequestException or InfluxException or TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested);

    private void Failed(Exception e, int hours)
    {
        metrics.RollupFailures.Add(1);
        if (time.GetUtcNow() < _nextErrorLog) return;
        _nextErrorLog = time.GetUtcNow() + TimeSpan.FromMinutes(1);
        log.LogWarning("Rolling up {Hours} hours of readings failed ({Error}); they are tried again next run", hours, e.Message);
    }
}
