using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Warning.Ingest.Liveness;

/// <summary>
/// Which sensors have gone silent. Readings update memory only; a sweep every <c>SweepInterval</c> marks sensors
/// offline whose silence passed their <c>offlineAfter</c>, an operator alert (log and <c>/metrics</c>), not a public
/// warning. The next reading, or a status <c>online</c>, brings a sensor back.
/// </summary>
public sealed class LivenessTracker : BackgroundService
{
    private readonly ConcurrentDictionary<string, SensorLiveness> _sensors = new(StringComparer.Ordinal);
    private readonly LivenessOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LivenessTracker> _log;
    private int _offline;

    /// <summary>Raised when a sensor goes offline (false) or comes back (true).</summary>
    public event Action<string, bool>? StatusChanged;

    public LivenessTracker(IOptions<LivenessOptions> options, TimeProvider time, ILogger<LivenessTracker> log, IMeterFactory meters)
    {
        _options = options.Value;
        _time = time;
        _log = log;
        meters.Create(Pipeline.IngestMetrics.MeterName)
            .CreateObservableGauge("warning.sensors.offline", () => Volatile.Read(ref _offline), description: "Sensors that reported before and have gone silent");
    }

    public void Seen(string sensorId, DateTimeOffset eventTime)
    {
        var liveness = _sensors.GetOrAdd(sensorId, _ => new SensorLiveness());
        liveness.Seen(eventTime, _time.GetUtcNow());
        if (liveness.Offline) SetOffline(sensorId, liveness, false, "reading arrived");
    }

    /// <summary>The status topic (<c>online</c> / <c>offline</c>, often a last will) says so directly.</summary>
    public void Status(string sensorId, bool online)
    {
        var liveness = _sensors.GetOrAdd(sensorId, _ => new SensorLiveness());
        if (liveness.Offline == online) SetOffline(sensorId, liveness, !online, $"status {(online ? "online" : "offline")}");
    }

    /// <summary>True once a sensor has reported and not gone silent since; false for one never heard from.</summary>
    public bool IsOnline(string sensorId) => _sensors.TryGetValue(sensorId, out var s) && !s.Offline;

    public void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var (id, liveness) in _sensors)
        {
            if (!liveness.Offline && now - liveness.LastArrival > liveness.OfflineAfter(_options.MinOfflineAfter))
            {
                SetOffline(id, liveness, true, $"silent since {liveness.LastArrival:O}");
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SweepInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) Sweep();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping (or disposed without a stop, as a crash test does).
        }
    }

    private void SetOffline(string id, SensorLiveness liveness, bool offline, string why)
    {
        lock (liveness)
        {
            if (liveness.Offline == offline) return;
            liveness.Offline = offline;
            Interlocked.Add(ref _offline, offline ? 1 : -1);
        }
        if (offline) _log.LogWarning("Sensor {Sensor} offline (设备离线): {Why}", id, why);
        else _log.LogInformation("Sensor {Sensor} back online: {Why}", id, why);
        StatusChanged?.Invoke(id, !offline);
    }
}
