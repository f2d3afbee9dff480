using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Warning.Ingest.Security;
using Warning.Silo.Credentials;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Security;

/// <summary>
/// The cluster's RabbitMQ: devices log in to its MQTT plugin (MQTT 3.1.1) as their sensor ids with their secrets and
/// write only their own topics (<c>RabbitDefinitions</c>); a wrong secret, no login or another device's topic is refused
/// by RabbitMQ itself, and what a device may publish reaches the engine through the quorum queue. The accounts are
/// the ones <c>./warning rabbitmq-auth</c> writes.
/// </summary>
public sealed class RabbitAuthTests
{
    private const string Registry = """
        - { id: RA-01, kind: rain, name: 兔子雨量站1, region: "620522", ruleset: cma-rainstorm }
        - { id: RA-02, kind: rain, name: 兔子雨量站2, region: "620522", ruleset: cma-rainstorm }
        """;

    [Fact]
    public async Task RabbitMQ_refuses_wrong_secrets_anonymous_devices_and_foreign_topics_and_passes_the_rest_to_the_engine()
    {
        // The accounts as an operator makes them: ./warning credential's RabbitMQ line per device, then ./warning rabbitmq-auth.
        var dir = Directory.CreateTempSubdirectory("warning-rabbitmq-auth-").FullName;
        var devices = Path.Combine(dir, "devices.txt");
        await File.WriteAllTextAsync(devices, $"# sensor id and RabbitMQ hash\nRA-01 {RabbitDefinitions.Hash("secret-01")}\nRA-02 {RabbitDefinitions.Hash("secret-02")}\n");
        Assert.Equal(0, await RabbitAuthCommand.Run(["--out", dir, "--devices", devices, "--engine-secret", RabbitMqServer.EngineSecret]));
        await File.WriteAllTextAsync(devices, "RA-03 not-a-hash\n");
        Assert.Equal(2, await RabbitAuthCommand.Run(["--out", Path.Combine(dir, "bad"), "--devices", devices]));   // names the line, writes nothing
        Assert.False(File.Exists(Path.Combine(dir, "bad", "definitions.json")));

        await using var influx = await InfluxServer.StartNew();
        await using var rabbit = await RabbitMqServer.StartNew(Path.Combine(dir, "definitions.json"));
        Directory.Delete(dir, recursive: true);
        await using var engine = await Engine.Start(influx.Url, registry: Registry, settings: rabbit.EngineSettings);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await Refusal(rabbit.MqttPort, "RA-01", "secret-02"));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await Refusal(rabbit.MqttPort, "NOBODY", "secret-01"));
        Assert.NotEqual(MqttClientConnectResultCode.Success, await Refusal(rabbit.MqttPort, null, null));

        // RabbitMQ closes the connection of a device that publishes to another's topic: no PUBACK.
        using (var forger = await Telemetry.ConnectDevice(rabbit.MqttPort, "RA-01", "secret-01"))
        {
            var forged = await Accepted(forger, "RA-02", 1, 150);
            Assert.False(forged, "RabbitMQ took a reading for another device's topic");
            await Eventually.Until(() => Task.FromResult(!forger.IsConnected), TimeSpan.FromSeconds(10), "the forging device disconnected");
        }

        using var device = await Telemetry.ConnectDevice(rabbit.MqttPort, "RA-01", "secret-01");
        Assert.True(await Accepted(device, "RA-01", 1, 3.5));
        Assert.True(await Accepted(device, "RA-01", 2, 1.5));
        await Eventually.Get(() => engine.Http.GetFromJsonAsync<JsonElement>("/api/sensors/RA-01"),
            s => s.GetProperty("readings").GetInt64() == 2, TimeSpan.FromSeconds(15), "both of RA-01's readings taken through RabbitMQ");
        var other = await engine.Http.GetFromJsonAsync<JsonElement>("/api/sensors/RA-02");
        Assert.Equal(0, other.GetProperty("readings").GetInt64());
        // Acknowledged after the hand-off: nothing is left in the queue.
        await Eventually.Get(rabbit.QueueDepth, d => d == (0, 0), TimeSpan.FromSeconds(15), "the queue empty and nothing unacknowledged");
        var health = await engine.Http.GetStringAsync("/readyz");
        Assert.Contains("RabbitMQ", health, StringComparison.Ordinal);
    }

    private static async Task<bool> Accepted(IMqttClient client, string sensorId, long seq, double mm)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"sensors/rain/{sensorId}/telemetry")
                .WithPayload(Encoding.UTF8.GetBytes(Engine.Reading($"2021-07-20T1{seq}:00:00+08:00", seq, mm)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
            return result.IsSuccess;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or MQTTnet.Exceptions.MqttClientDisconnectedException)
        {
            return false;
        }
    }

    private static async Task<MqttClientConnectResultCode> Refusal(int port, string? user, string? secret)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"t-{Guid.NewGuid():N}"[..20])
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311).WithTimeout(TimeSpan.FromSeconds(10));
        if (user is not null) options.WithCredentials(user, secret);
        try
        {
            return (await client.ConnectAsync(options.Build())).ResultCode;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException e)
        {
            // MQTTnet names the CONNACK's code in the message.
            return Enum.GetValues<MqttClientConnectResultCode>().FirstOrDefault(c => c != MqttClientConnectResultCode.Success && e.Message.Contains(c.ToString(), StringComparison.Ordinal),
                MqttClientConnectResultCode.UnspecifiedError);
        }
    }
}
