using MQTTnet;
using MQTTnet.Protocol;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>
/// A device as the field has them: it publishes its readings in order at QoS 1 and sends a reading again, after
/// reconnecting, until the broker acknowledges it — so a broker or engine that goes away loses nothing from the
/// device's side, and may receive a reading twice.
/// </summary>
public sealed class ResendingDevice(Func<int> port, string clientId) : IDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    /// <summary>Readings the broker acknowledged.</summary>
    public int Acked { get; private set; }

    /// <summary>Sends that failed (no connection, no acknowledgement) and were made again.</summary>
    public int Resent { get; private set; }

    public async Task Send(string topic, string payload, CancellationToken ct)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        Exception? last = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{topic}: not acknowledged within 2 minutes; last: {last?.Message}", last);
            try
            {
                if (!_client.IsConnected)
                {
                    var connected = await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port())
                        .WithClientId(clientId).WithTimeout(TimeSpan.FromSeconds(2)).Build(), ct);
                    if (connected.ResultCode != MqttClientConnectResultCode.Success) throw new InvalidOperationException(connected.ResultCode.ToString());
                }
                var result = await _client.PublishAsync(message, ct);
                if (result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers)
                {
                    Acked++;
                    return;
                }
                throw new InvalidOperationException($"publish answered {result.ReasonCode}");
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                last = e;
                Resent++;
                await Task.Delay(200, ct);
            }
        }
    }

    public void Dispose() => _client.Dispose();
}
