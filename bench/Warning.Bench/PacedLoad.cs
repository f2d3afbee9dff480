using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace Warning.Bench;

/// <summary>
/// A fixed offered load: every gauge sends one reading a second (event time now, no rain), spread evenly over the
/// second across <see cref="MqttLoad.Publishers"/> connections at QoS 1, as a network of gauges on their own clocks
/// does. Open loop: a publisher that falls behind catches up rather than lowering the load.
/// </summary>
public sealed class PacedLoad(string host, int port, IReadOnlyList<string> sensorIds)
{
    private const int InFlightPerConnection = 1000;

    private long _sent;

    public long Sent => Interlocked.Read(ref _sent);

    public int ReadingsPerSecond => sensorIds.Count;

    /// <summary>Publishes until <paramref name="stop"/> is cancelled, then waits for the PUBACKs of what is in flight.</summary>
    public Task Run(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, MqttLoad.Publishers).Select(p => RunConnection(
            sensorIds.Where((_, i) => i % MqttLoad.Publishers == p).ToArray(), stop)));

    private async Task RunConnection(string[] mine, CancellationToken stop)
    {
        if (mine.Length == 0) return;
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId($"bench-load-{Guid.NewGuid():N}").Build(), CancellationToken.None);
        var secondsPerMessage = 1.0 / mine.Length;
        var start = Stopwatch.GetTimestamp();
        var inFlight = new Queue<Task>();
        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            var due = n * secondsPerMessage - Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (due > 0.001)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(due), stop); }
                catch (OperationCanceledException) { break; }
            }
            var sensor = mine[n % mine.Length];
            inFlight.Enqueue(client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic($"sensors/rain/{sensor}/telemetry").WithPayload(MqttLoad.RainReading(DateTimeOffset.UtcNow, n / mine.Length, 0))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), CancellationToken.None));
            Interlocked.Increment(ref _sent);
            while (inFlight.Count >= InFlightPerConnection || (inFlight.Count > 0 && inFlight.Peek().IsCompleted)) await inFlight.Dequeue();
        }
        while (inFlight.Count > 0) await inFlight.Dequeue();
        await client.DisconnectAsync(cancellationToken: CancellationToken.None);
    }
}
