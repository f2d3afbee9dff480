using System.Diagnostics;
using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace Warning.Bench;

/// <summary>Offered load over MQTT at QoS 1: several publisher connections, each waiting for its PUBACKs, as gauges do.</summary>
public static class MqttLoad
{
    public const int Publishers = 8;

    /// <summary>Publishes every message once across <see cref="Publishers"/> connections; returns the wall time taken.</summary>
    public static async Task<TimeSpan> Publish(string host, int port, IReadOnlyList<(string Topic, byte[] Payload)> messages, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(async p =>
        {
            using var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId($"bench-pub-{p}-{Guid.NewGuid():N}").Build(), ct);
            // A window of PUBACKs in flight per connection, as a gateway with many gauges keeps.
            var window = new List<Task>(64);
            for (var i = p; i < messages.Count; i += Publishers)
            {
                window.Add(client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(messages[i].Topic).WithPayload(messages[i].Payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct));
                if (window.Count == 64)
                {
                    await Task.WhenAll(window);
                    window.Clear();
                }
            }
            await Task.WhenAll(window);
            await client.DisconnectAsync(cancellationToken: ct);
        }));
        return clock.Elapsed;
    }

    /// <summary>A rain gauge's telemetry payload, as the contract gives it.</summary>
    public static byte[] RainReading(DateTimeOffset ts, long seq, double mm) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"ts\":\"{ts:O}\",\"seq\":{seq},\"values\":{{\"rain_mm\":{mm:0.0##}}}}}"));

    /// <summary>A subscriber counting what arrives on a filter at QoS 1.</summary>
    public static async Task<(IMqttClient Client, Func<long> Received)> Subscribe(string host, int port, string filter, CancellationToken ct)
    {
        long received = 0;
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId($"bench-sub-{Guid.NewGuid():N}").Build(), ct);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
        return (client, () => Interlocked.Read(ref received));
    }
}
