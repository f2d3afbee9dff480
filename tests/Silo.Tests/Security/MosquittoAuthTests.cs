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
/// The cluster's case: mosquitto configured with the password and ACL files <c>./warning mosquitto-auth</c> writes from
/// the registry; devices log in as their sensor ids, write only their own topics, and the engine logs in to read.
/// </summary>
public sealed class MosquittoAuthTests
{
    private const string EngineSecret = "engine-secret-for-the-tests";

    private static readonly string Registry = $"""
        - id: TEST-RAIN-01
          kind: rain
          name: 测试雨量站
          region: "620522"
          ruleset: cma-rainstorm
          credential: "{DeviceCredential.Hash("secret-01")}"
        - id: TEST-RAIN-02
          kind: rain
          name: second gauge
          region: "620522"
          ruleset: cma-rainstorm
          credential: "{DeviceCredential.Hash("secret-02")}"
        """;

    [Fact]
    public async Task Mosquitto_takes_the_registrys_devices_each_on_its_own_topics_and_the_engine_reads_them()
    {
        var dir = Directory.CreateTempSubdirectory("warning-mosquitto-auth-").FullName;
        try
        {
            var registry = Path.Combine(dir, "sensors.yaml");
            await File.WriteAllTextAsync(registry, Registry);
            var auth = Path.Combine(dir, "auth");
            Assert.Equal(0, await MosquittoAuthCommand.Run(["--registry", registry, "--out", auth, "--engine-secret", EngineSecret]));
            // mosquitto reads them after dropping to its own user.
            if (!OperatingSystem.IsWindows())
            {
                const UnixFileMode listable = (UnixFileMode)0b111_101_101, readable = (UnixFileMode)0b110_100_100;
                File.SetUnixFileMode(dir, listable);
                File.SetUnixFileMode(auth, listable);
                foreach (var f in Directory.GetFiles(auth)) File.SetUnixFileMode(f, readable);
            }

            await using var influx = await InfluxServer.StartNew();
            await using var mosquitto = await MosquittoServer.StartNew(auth);
            await using var engine = await Engine.Start(influx.Url, externalBroker: $"127.0.0.1:{mosquitto.Port}", registry: Registry,
                settings: ["--Mqtt:Username=warning-engine", $"--Mqtt:Password={EngineSecret}"]);

            Assert.NotEqual(MqttClientConnectResultCode.Success, await Connect(mosquitto.Port, null, null));
            Assert.NotEqual(MqttClientConnectResultCode.Success, await Connect(mosquitto.Port, "TEST-RAIN-01", "secret-02"));

            using var device = new MqttClientFactory().CreateMqttClient();
            var connected = await device.ConnectAsync(Options(mosquitto.Port, "TEST-RAIN-01", "secret-01"));
            Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
            var forged = await device.PublishAsync(Message("TEST-RAIN-02", 1, 150));
            Assert.False(forged.IsSuccess, "mosquitto took a reading for another device's topic");
            Assert.True((await device.PublishAsync(Message("TEST-RAIN-01", 1, 3.5))).IsSuccess);
            Assert.True((await device.PublishAsync(Message("TEST-RAIN-01", 2, 1.5))).IsSuccess);

            await Eventually.Get(() => engine.Http.GetFromJsonAsync<JsonElement>("/api/sensors/TEST-RAIN-01"),
                s => s.GetProperty("readings").GetInt64() == 2, TimeSpan.FromSeconds(15), "both of TEST-RAIN-01's readings taken through mosquitto");
            var other = await engine.Http.GetFromJsonAsync<JsonElement>("/api/sensors/TEST-RAIN-02");
            Assert.Equal(0, other.GetProperty("readings").GetInt64());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<MqttClientConnectResultCode> Connect(int port, string? user, string? secret)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            return (await client.ConnectAsync(Options(port, user, secret))).ResultCode;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException e)
        {
            return e.Message.Contains("NotAuthorized", StringComparison.Ordinal) ? MqttClientConnectResultCode.NotAuthorized : MqttClientConnectResultCode.UnspecifiedError;
        }
    }

    private static MqttClientOptions Options(int port, string? user, string? secret)
    {
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"test-{Guid.NewGuid():N}").WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500);
        if (user is not null) options.WithCredentials(user, secret);
        return options.Build();
    }

    private static MqttApplicationMessage Message(string sensorId, long seq, double mm) =>
        new MqttApplicationMessageBuilder().WithTopic($"sensors/rain/{sensorId}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes(Engine.Reading($"2021-07-20T1{seq}:00:00+08:00", seq, mm)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
}
