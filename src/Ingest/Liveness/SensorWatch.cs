using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Warning.Grains.Sensors;
using Warning.Ingest.Registry;

namespace Warning.Ingest.Liveness;

/// <summary>
/// Each silo, once a <c>Liveness:WatchInterval</c>, calls on the grain of every registered sensor. A sensor's liveness
/// lives in its grain, which notices its silence on a timer; the call keeps that grain active (a grain lost with a dead
/// silo comes back on a survivor at the next call, and its timer with it) and says whether the sensor is online, so
/// <c>warning.sensors.offline</c> is the cluster's count on every silo. The calls go a few at a time, spread over half
/// the interval: all at once, a province's worth of grain calls queued ahead of the readings arriving meanwhile (at 5,000
/// readings/s, the watch's burst every minute was the slowest warnings' 15–20 ms).
/// </summary>
public sealed class SensorWatch(SensorRegistry registry, IGrainFactory grains, IOptions<LivenessOptions> options, TimeProvider time,
    ILogger<SensorWatch> log, IMeterFactory meters) : BackgroundService
{
    private const int CallsAtOnce = 64;
    private int _offline;

    /// <summary>Offline sensors as the last watch found them.</summary>
    public int Offline => Volatile.Read(ref _offline);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        meters.Create(Pipeline.IngestMetrics.MeterName)
            .CreateObservableGauge("warning.sensors.offline", () => Offline, description: "Registered sensors that reported before and have gone silent (the cluster's count)");
        using var timer = new PeriodicTimer(options.Value.WatchInterval, time);
        try
        {
            // The first watch waits an interval: at start every grain is where it is first called.
            while (await timer.WaitForNextTickAsync(stoppingToken)) await WatchAll(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public async Task WatchAll(CancellationToken ct)
    {
        var offline = 0;
        var chunks = registry.All.Chunk(CallsAtOnce).ToList();
        var spread = options.Value.WatchInterval / 2 / Math.Max(1, chunks.Count);
        var started = time.GetTimestamp();
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            var due = spread * i - time.GetElapsedTime(started);
            if (due > TimeSpan.Zero) await Task.Delay(due, time, ct);
            ct.ThrowIfCancellationRequested();
            try
            {
                var online = await Task.WhenAll(chunk.Select(s => grains.GetGrain<ISensorGrain>(s.Id).Watch()));
                offline += online.Count(o => o == false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A silo leaving mid-call: the next watch reaches the grain where it lives then.
                log.LogWarning("Sensor watch: {Count} sensors not reached this time ({Error})", chunk.Length, e.Message);
            }
        }
        Volatile.Write(ref _offline, offline);
    }
}
