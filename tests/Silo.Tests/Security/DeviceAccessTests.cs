using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Warning.Ingest.Security;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Security;

/// <summary>
/// The embedded broker with anonymous access off: a device logs in as its sensor id with its secret and may publish
/// only to its own topics; everything else is refused, logged and kept as a dead letter.
/// </summary>
public sealed class DeviceAccessTests
{
    private const string Secret01 = "gauge-01-secret-from-the-installer";
    private const string Secret02 = "gauge-02-secret-from-the-installer";

    private static string Registry => $"""
        - id: TEST-RAIN-01
          kind: rain
          name: 测试雨量站
          region: "620522"
          ruleset: cma-rainstorm
          credential: "{DeviceCredential.Hash(Secret01)}"
        - id: TEST-RAIN-02
          kind: rain
          name: second gauge
          region: "620522"
          ruleset: cma-rainstorm
          credential: "{DeviceCredential.Hash(Secret02)}"
        - id: TEST-RAIN-03
          kind: rain
          name: gauge without a credential
          region: "620522"
          ruleset: cma-rainstorm
        """;

    [Fact]
    public async Task Devices_log_in_with_their_secret_and_publish_only_to_their_own_topics()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Registry, settings: ["--Mqtt:AllowAnonymous=false"]);

        await Refused(engine, null, null, MqttClientConnectResultCode.NotAuthorized);
        await Refused(engine, "TEST-RAIN-01", Secret02, MqttClientConnectResultCode.BadUserNameOrPassword);
        await Refused(engine, "TEST-RAIN-03", "anything", MqttClientConnectResultCode.BadUserNameOrPassword);
        await Refused(engine, "NO-SUCH-GAUGE", Secret01, MqttClientConnectResultCode.BadUserNameOrPassword);

        using var device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", engine.MqttPort)
            .WithClientId("gauge-01").WithCredentials("TEST-RAIN-01", Secret01).Build());
        var own = await device.PublishAsync(Message("TEST-RAIN-01", 1, 3.5));
        Assert.True(own.IsSuccess, $"own topic refused: {own.ReasonCode}");
        var forged = await device.PublishAsync(Message("TEST-RAIN-02", 1, 150));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);

        var gauge01 = await Eventually.Get(() => engine.Http.GetFromJsonAsync<JsonElement>("/api/sensors/TEST-RAIN-01"),
            s => s.GetProperty("readings").GetInt64() == 1, TimeSpan.FromSeconds(10), "TEST-RAIN-01's own reading taken");
        Assert.Equal(1, gauge01.GetProperty("readings").GetInt64());
        var gauge02 = await engine.Http.GetFromJsonAsync<JsonElement>("/api/sensors/TEST-RAIN-02");
        Assert.Equal(0, gauge02.GetProperty("readings").GetInt64());
        Assert.Empty(await engine.Warnings("?sensorId=TEST-RAIN-02"));

        var forbidden = (await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/deadletters?reason=forbidden-topic"))!;
        Assert.Contains("TEST-RAIN-02", Assert.Single(forbidden).GetProperty("error").GetString());
        var unauthenticated = (await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/deadletters?reason=unauthenticated"))!;
        Assert.Equal(4, unauthenticated.Count);
        Assert.Contains(unauthenticated, d => d.GetProperty("error").GetString()!.Contains("wrong secret for sensor \"TEST-RAIN-01\"", StringComparison.Ordinal));
        Assert.DoesNotContain(unauthenticated, d => d.GetRawText().Contains(Secret02, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_registry_entry_with_a_malformed_credential_is_refused_by_name_and_the_rest_load()
    {
        await using var influx = await InfluxServer.StartNew();
        var registry = Registry + """

            - id: TEST-RAIN-04
              kind: rain
              name: pasted the secret itself
              region: "620522"
              credential: "gauge-04-plain-secret"
            """;
        await using var engine = await Engine.Start(influx.Url, registry: registry, settings: ["--Mqtt:AllowAnonymous=false"]);
        var sensors = (await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors"))!;
        Assert.Equal(["TEST-RAIN-01", "TEST-RAIN-02", "TEST-RAIN-03"], sensors.Select(s => s.GetProperty("id").GetString()));
        Assert.DoesNotContain(sensors, s => s.GetRawText().Contains("$7$", StringComparison.Ordinal));
        var problems = await engine.Http.GetStringAsync("/api/registry/problems");
        Assert.Contains("credential", problems, StringComparison.Ordinal);
        Assert.Contains("TEST-RAIN-04", problems, StringComparison.Ordinal);
    }

    private static async Task Refused(Engine engine, string? user, string? secret, MqttClientConnectResultCode expected)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", engine.MqttPort).WithClientId($"test-{Guid.NewGuid():N}");
        if (user is not null) options.WithCredentials(user, secret);
        var result = await client.ConnectAsync(options.Build());
        Assert.Equal(expected, result.ResultCode);
        Assert.False(client.IsConnected);
    }

    private static MqttApplicationMessage Message(string sensorId, long seq, double mm) =>
        new MqttApplicationMessageBuilder().WithTopic($"sensors/rain/{sensorId}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes(Engine.Reading("2021-07-20T14:00:00+08:00", seq, mm)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
}
