using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Orleans.Streams;
using Warning.Grains.Live;
using Warning.Grains.Reports;
using Warning.Grains.Telemetry;
using Warning.Grains.Warnings;
using Warning.Grains.Sensors;
using Warning.Ingest.Pipeline;

namespace Warning.Api.Live;

/// <summary>
/// What <c>GET /api/live</c> sends: every warning change (from the Orleans warnings stream, after the book stored it),
/// reading summaries (at most one a second per sensor), sensor online/offline and community reports (new and decided). Each connected client has a bounded
/// queue; a client too slow to keep up loses its oldest events, never the engine's time.
/// </summary>
public sealed class LiveFeed(IClusterClient cluster, IngestPipeline pipeline, TimeProvider time) : IHostedService
{
    private const int QueuePerClient = 1000;
    private static readonly TimeSpan ReadingInterval = TimeSpan.FromSeconds(1);

    /// <summary>The kinds of event a client can ask for with <c>?events=</c>.</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(["warning", "reading", "sensor-status", "report"], StringComparer.Ordinal);

    private readonly ConcurrentDictionary<Guid, (Channel<string> Queue, IReadOnlySet<string> Kinds)> _clients = new();

    // How many clients are joined, read on every accepted reading: ConcurrentDictionary's IsEmpty and Values take all
    // its locks each time (with no client at all, as in a replay, every reading did), this a plain read.
    private int _clientCount;
    private readonly ConcurrentDictionary<string, long> _lastReading = new(StringComparer.Ordinal);
    private StreamSubscriptionHandle<WarningRecord>? _subscription;
    private StreamSubscriptionHandle<SensorStatusChange>? _statusSubscription;
    private StreamSubscriptionHandle<Report>? _reportSubscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = await cluster.GetStreamProvider(LiveStreams.Provider).GetStream<WarningRecord>(LiveStreams.Warnings)
            .SubscribeAsync((warning, _) =>
            {
                Send("warning", warning);
                return Task.CompletedTask;
            });
        _statusSubscription = await cluster.GetStreamProvider(LiveStreams.Provider).GetStream<SensorStatusChange>(LiveStreams.SensorStatus)
            .SubscribeAsync((change, _) =>
            {
                Send("sensor-status", new { sensorId = change.SensorId, online = change.Online });
                return Task.CompletedTask;
            });
        _reportSubscription = await cluster.GetStreamProvider(LiveStreams.Provider).GetStream<Report>(LiveStreams.Reports)
            .SubscribeAsync((report, _) =>
            {
                Send("report", report);
                return Task.CompletedTask;
            });
        pipeline.Accepted += OnReading;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        pipeline.Accepted -= OnReading;
        if (_subscription is not null) await _subscription.UnsubscribeAsync();
        if (_statusSubscription is not null) await _statusSubscription.UnsubscribeAsync();
        if (_reportSubscription is not null) await _reportSubscription.UnsubscribeAsync();
        foreach (var client in _clients.Values) client.Queue.Writer.TryComplete();
    }

    /// <summary>
    /// A new client's queue of formatted events of the given kinds (a wall screen of warnings need not take every
    /// reading of ten thousand gauges); <see cref="Leave"/> when it goes.
    /// </summary>
    public (Guid Id, ChannelReader<string> Events) Join(IReadOnlySet<string>? kinds = null)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(QueuePerClient) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var id = Guid.NewGuid();
        _clients[id] = (channel, kinds ?? Kinds);
        Interlocked.Increment(ref _clientCount);
        return (id, channel.Reader);
    }

    public void Leave(Guid id)
    {
        if (_clients.TryRemove(id, out _)) Interlocked.Decrement(ref _clientCount);
    }

    private void OnReading(Reading reading)
    {
        if (Volatile.Read(ref _clientCount) == 0) return;
        var now = time.GetTimestamp();
        var last = _lastReading.GetOrAdd(reading.SensorId, 0);
        if (last != 0 && time.GetElapsedTime(last, now) < ReadingInterval) return;
        _lastReading[reading.SensorId] = now;
        Send("reading", new { sensorId = reading.SensorId, ts = reading.Ts, values = reading.Values });
    }

    private void Send(string kind, object payload)
    {
        if (Volatile.Read(ref _clientCount) == 0) return;
        var frame = $"event: {kind}\ndata: {JsonSerializer.Serialize(payload, JsonSerializerOptions.Web)}\n\n";
        foreach (var (_, client) in _clients)
        {
            if (client.Kinds.Contains(kind)) client.Queue.Writer.TryWrite(frame);
        }
    }
}
