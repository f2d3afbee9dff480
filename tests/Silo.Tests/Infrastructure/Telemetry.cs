using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>Telemetry as a device sends it.</summary>
public static class Telemetry
{
    /// <summary>Publishes one telemetry message with an MQTT 5 client, QoS 1, and checks the broker took it.</summary>
    public static async Task Publish(int port, string sensorId, string json, string kind = "rain")
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"test-{Guid.NewGuid():N}").Build());
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"sensors/{kind}/{sensorId}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes(json))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await client.DisconnectAsync();
        Assert.True(result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers, $"publish refused: {result.ReasonCode}");
    }

    /// <summary>Publishes a device's status (<c>online</c> / <c>offline</c>) to <c>sensors/{kind}/{id}/status</c>, QoS 1.</summary>
    public static async Task PublishStatus(int port, string sensorId, string status, string kind = "rain")
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"test-{Guid.NewGuid():N}").Build());
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"sensors/{kind}/{sensorId}/status")
            .WithPayload(Encoding.UTF8.GetBytes(status))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await client.DisconnectAsync();
        Assert.True(result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers, $"status refused: {result.ReasonCode}");
    }

    /// <summary>Publishes a payload to any topic (an app's community report on <c>reports/{area}</c>), QoS 1.</summary>
    public static async Task PublishTo(int port, string topic, string payload)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"test-{Guid.NewGuid():N}").Build());
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync();
        Assert.True(result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers, $"publish refused: {result.ReasonCode}");
    }

    /// <summary>A device's connection (MQTT 5) kept open for many readings.</summary>
    public static async Task<IMqttClient> Connect(int port)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"test-device-{Guid.NewGuid():N}").Build());
        return client;
    }

    /// <summary>A device logged in with its sensor id and secret, speaking MQTT 3.1.1 (as most field gateways do).</summary>
    public static async Task<IMqttClient> ConnectDevice(int port, string sensorId, string secret)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithCredentials(sensorId, secret).WithClientId($"device-{sensorId}-{Guid.NewGuid():N}"[..23]).WithTimeout(TimeSpan.FromSeconds(10)).Build());
        return client;
    }

    /// <summary>One rain reading at QoS 1 on an open connection: true when the broker accepted it (PUBACK), as a gauge would see it.</summary>
    public static async Task<bool> PublishRain(IMqttClient client, string sensorId, DateTimeOffset ts, long seq, double mm)
    {
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"sensors/rain/{sensorId}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes(Engine.Reading(ts.ToString("O"), seq, mm)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        return result.IsSuccess;
    }

    /// <summary>Publishes rain readings at QoS 1 over one connection, up to 100 in flight; returns how many the broker acknowledged.</summary>
    public static async Task<int> PublishMany(int port, IEnumerable<(string SensorId, string Json)> readings)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"test-many-{Guid.NewGuid():N}").Build());
        var acknowledged = 0;
        foreach (var chunk in readings.Chunk(100))
        {
            var results = await Task.WhenAll(chunk.Select(r => client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic($"sensors/rain/{r.SensorId}/telemetry")
                .WithPayload(Encoding.UTF8.GetBytes(r.Json))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())));
            acknowledged += results.Count(r => r.IsSuccess);
        }
        await client.DisconnectAsync();
        return acknowledged;
    }
}
