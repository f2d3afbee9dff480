using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Warning.Api.Security;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Security;

/// <summary>
/// The engine as production runs it, on the options' own defaults (anonymous API and MQTT access off, per-sensor
/// rate limits on): a device with its credential raises a red warning that an API key reads; without credentials the
/// broker and the API refuse.
/// </summary>
public sealed class ProductionDefaultsTests
{
    [Fact]
    public async Task With_production_defaults_credentials_are_needed_and_a_red_reading_becomes_a_warning()
    {
        // As the README has it: `./warning api-key "值班员 李明" operator` prints the key once and the settings holding its hash.
        var key = ApiKeyHash.NewKey();
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.StartWithProductionDefaults(influx.Url, SecuredRegistry.Text,
            "--Api:Auth:Keys:0:Name=值班员 李明", "--Api:Auth:Keys:0:Role=operator", $"--Api:Auth:Keys:0:Hash={ApiKeyHash.Of(key)}");
        using var withKey = new HttpClient { BaseAddress = engine.Http.BaseAddress };
        withKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // Without credentials: the broker refuses the connection, the API answers 401.
        using (var anonymous = new MqttClientFactory().CreateMqttClient())
        {
            var refused = await anonymous.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", engine.MqttPort).WithClientId($"anon-{Guid.NewGuid():N}").Build());
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, refused.ResultCode);
            Assert.False(anonymous.IsConnected);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await engine.Http.GetAsync("/api/warnings")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await engine.Http.GetAsync("/api/sensors")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await engine.Http.PostAsync($"/api/sensors/{Engine.GaugeId}/telemetry",
            new StringContent(Engine.Reading("2021-07-20T14:00:00+08:00", 1, 150), Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await engine.Http.PutAsJsonAsync("/api/sensors/NEW-RAIN-01", new { kind = "rain", region = "620522" })).StatusCode);

        // The device logs in as its sensor id with its secret; three hours of rain (105 mm) are red.
        using var device = new MqttClientFactory().CreateMqttClient();
        var connected = await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", engine.MqttPort)
            .WithClientId("gauge-01").WithCredentials(Engine.GaugeId, SecuredRegistry.Secret).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        foreach (var (ts, seq, mm) in new[] { ("2021-07-20T14:00:00+08:00", 1L, 40.0), ("2021-07-20T15:00:00+08:00", 2L, 35.0), ("2021-07-20T16:00:00+08:00", 3L, 30.0) })
        {
            var published = await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"sensors/rain/{Engine.GaugeId}/telemetry")
                .WithPayload(Encoding.UTF8.GetBytes(Engine.Reading(ts, seq, mm))).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.True(published.IsSuccess, $"reading {seq} refused: {published.ReasonCode}");
        }

        var red = await Eventually.Get(async () => (await withKey.GetFromJsonAsync<List<JsonElement>>("/api/warnings?level=red"))!,
            w => w.Count == 1, TimeSpan.FromSeconds(15), "the red warning, read with the API key");
        Assert.Equal(Engine.GaugeId, red[0].GetProperty("sensorId").GetString());
        Assert.Equal(105, red[0].GetProperty("evidence").GetProperty("value").GetDouble());
        // The key's other spelling works too; the warning is not readable without one.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/warnings?level=red");
        request.Headers.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await engine.Http.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await engine.Http.GetAsync("/api/warnings?level=red")).StatusCode);

        // The per-sensor limit is on (20 a second after a burst of 200): a flood of 400 is partly refused, QuotaExceeded.
        var flood = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => device.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"sensors/rain/{Engine.GaugeId}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes(Engine.Reading(new DateTimeOffset(2021, 7, 21, 0, 0, 0, TimeSpan.FromHours(8)).AddMinutes(i).ToString("O"), 10 + i, 0)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())));
        Assert.Contains(flood, r => r.ReasonCode == MqttClientPublishReasonCode.QuotaExceeded);
        Assert.True(flood.Count(r => r.IsSuccess) >= 197, $"the burst of 200, less the 3 readings before it, taken (took {flood.Count(r => r.IsSuccess)})");

        Assert.True(PrometheusText.Value(await engine.Metrics(), "warning_ingest_rejected_total", "reason=\"rate-limited\"") > 0, "the flood's refusals counted");
        await device.DisconnectAsync();
    }
}
