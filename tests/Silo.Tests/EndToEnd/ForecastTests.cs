using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>
/// Forecast-driven warnings through the whole engine (real InfluxDB, embedded broker): a forecast crossing raises a
/// warning of basis forecast (CAP Expected / Likely, onset the crossing), observation upgrades it in place, a lowered
/// forecast ends a forecast-only warning with an all-clear that says so; bad forecasts are refused naming the field.
/// </summary>
public sealed class ForecastTests
{
    private const string AreaB = "620522100202";

    private const string Registry = """
        - { id: FA, kind: rain, name: 甲站, region: "620522", lat: 34.86, lon: 105.67, areas: ["620522100201"], ruleset: cma-rainstorm }
        - { id: FB, kind: rain, name: 乙站, region: "620522", lat: 34.87, lon: 105.68, areas: ["620522100202"], ruleset: cma-rainstorm }
        """;

    private static async Task PublishForecast(int port, string sensorId, string json)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"test-{Guid.NewGuid():N}").Build());
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"forecasts/rain/{sensorId}")
            .WithPayload(Encoding.UTF8.GetBytes(json))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await client.DisconnectAsync();
        Assert.True(result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers, $"publish refused: {result.ReasonCode}");
    }

    private static string Forecast(string issued, params (string Ts, double Mm)[] steps) =>
        JsonSerializer.Serialize(new { issued, source = "county-met", steps = steps.Select(s => new { ts = s.Ts, rain_mm = s.Mm }) });

    private static string Info(System.Xml.Linq.XDocument cap, string name) =>
        cap.Descendants(Warning.Publication.Cap.CapDocument.Ns + "info").First().Element(Warning.Publication.Cap.CapDocument.Ns + name)!.Value;

    [Fact]
    public async Task A_forecast_crossing_warns_ahead_with_cap_expected_likely_and_observation_upgrades_it_in_place()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, registry: Registry, settings: GatewaySettings(gateway));
        await PutRoster(engine, 2);

        await engine.Publish("FA", Engine.Reading("2021-07-20T12:00:00+08:00", 1, 20));
        // 20 fallen + 15 + 20 forecast = 55 mm in the 3 h ending 14:00 ≥ 50: orange, expected at 14:00.
        await PublishForecast(engine.MqttPort, "FA", Forecast("2021-07-20T12:00:00+08:00", ("2021-07-20T13:00:00+08:00", 15), ("2021-07-20T14:00:00+08:00", 20)));

        var pending = (await Eventually.Get(() => engine.Warnings("?sensorId=FA"), w => w.Count == 1, Wait, "FA forecast warning"))[0];
        Assert.Equal(("orange", "pending-approval", "forecast"), (pending.GetProperty("level").GetString(), pending.GetProperty("status").GetString(), pending.GetProperty("basis").GetString()));
        Assert.Equal(DateTimeOffset.Parse("2021-07-20T14:00:00+08:00"), pending.GetProperty("onset").GetDateTimeOffset());
        var id = pending.GetProperty("id").GetString()!;
        await Approve(engine, "orange");   // forecast warnings follow the approval policy like any other

        var issued = (await Eventually.Get(() => PublicWarnings(engine), w => w.Count == 1, Wait, "public forecast warning"))[0];
        var publicId = issued.GetProperty("id").GetString()!;
        var cap = await Cap(engine, publicId);
        Assert.Empty(Warning.Publication.Tests.Cap.CapSchema.Errors(cap));
        Assert.Equal(("Expected", "Likely"), (Info(cap, "urgency"), Info(cap, "certainty")));
        Assert.Equal("2021-07-20T14:00:00+08:00", Info(cap, "onset"));
        var sensorCap = await Cap(engine, id);
        Assert.Equal(("Expected", "Likely"), (Info(sensorCap, "urgency"), Info(sensorCap, "certainty")));

        // The forecast comes true: observation alone reaches orange at 14:00, the same warning turns observed.
        await engine.Publish("FA", Engine.Reading("2021-07-20T13:00:00+08:00", 2, 15));
        await engine.Publish("FA", Engine.Reading("2021-07-20T14:00:00+08:00", 3, 20));
        var observed = (await Eventually.Get(() => engine.Warnings("?sensorId=FA"), w => w[0].GetProperty("basis").GetString() == "observed", Wait, "FA observed"))[0];
        Assert.Single(await engine.Warnings("?sensorId=FA"));
        Assert.Equal((id, "orange", "active"), (observed.GetProperty("id").GetString(), observed.GetProperty("level").GetString(), observed.GetProperty("status").GetString()));
        Assert.Contains(observed.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "confirmed");

        var updated = (await Eventually.Get(() => PublicWarnings(engine), w => w[0].GetProperty("versions").GetArrayLength() == 2, Wait, "public update to observed"))[0];
        Assert.Equal(publicId, updated.GetProperty("id").GetString());
        var v2 = await Cap(engine, publicId, 2);
        Assert.Equal(("Immediate", "Observed", "Update"), (Info(v2, "urgency"), Info(v2, "certainty"),
            v2.Root!.Element(Warning.Publication.Cap.CapDocument.Ns + "msgType")!.Value));

        // Every step stored in InfluxDB, measurement forecast tagged with its issue.
        var rows = await Eventually.Get(() => influx.Query("SELECT rain_mm, issued FROM forecast WHERE sensor = 'FA'"), r => r.Count == 2, Wait, "forecast steps stored");
        Assert.All(rows, r => Assert.Equal("2021-07-20T12:00:00+08:00", r[2].GetString()));
    }

    [Fact]
    public async Task A_lowered_forecast_ends_a_forecast_only_warning_with_an_all_clear_that_says_so_and_bad_forecasts_are_refused()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, registry: Registry, settings: GatewaySettings(gateway));
        await PutRoster(engine, 1, AreaB);

        await engine.Publish("FB", Engine.Reading("2021-07-20T09:00:00+08:00", 1, 30));
        await engine.Publish("FB", Engine.Reading("2021-07-20T12:00:00+08:00", 2, 0));
        // POST for every gauge of the village: 30 + 10 + 15 = 55 mm in the 6 h ending 14:00 (3 h: 25): yellow, out at once.
        var post = await engine.Http.PostAsync("/api/forecasts", new StringContent(
            $$"""{"area": "{{AreaB}}", "issued": "2021-07-20T12:00:00+08:00", "source": "county-met", "steps": [{"ts": "2021-07-20T13:00:00+08:00", "rain_mm": 10}, {"ts": "2021-07-20T14:00:00+08:00", "rain_mm": 15}]}""",
            Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(1, (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        var yellow = (await Eventually.Get(() => engine.Warnings("?sensorId=FB"), w => w.Count == 1 && w[0].GetProperty("status").GetString() == "active", Wait, "FB yellow by forecast"))[0];
        Assert.Equal(("yellow", "forecast"), (yellow.GetProperty("level").GetString(), yellow.GetProperty("basis").GetString()));
        await Eventually.Until(async () => (await PublicWarnings(engine)).Count == 1, Wait, "public yellow");

        // The forecast is lowered: 30 + 2 + 3 = 35 — the warning ends at once, and says why.
        await PublishForecast(engine.MqttPort, "FB", Forecast("2021-07-20T12:30:00+08:00", ("2021-07-20T13:00:00+08:00", 2), ("2021-07-20T14:00:00+08:00", 3)));
        var ended = (await Eventually.Get(() => engine.Warnings("?sensorId=FB"), w => w[0].GetProperty("status").GetString() == "ended", Wait, "FB ended"))[0];
        var last = ended.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("ended", "forecast lowered (预报降低)"), (last.GetProperty("action").GetString(), last.GetProperty("note").GetString()));
        Assert.Equal(DateTimeOffset.Parse("2021-07-20T12:30:00+08:00"), ended.GetProperty("ended").GetDateTimeOffset());
        var allClear = (await Eventually.Get(() => PublicWarnings(engine), w => w[0].GetProperty("status").GetString() == "ended", Wait, "public all-clear"))[0];
        Assert.True(allClear.GetProperty("versions").EnumerateArray().Last().GetProperty("allClear").GetBoolean());

        // Bad forecasts: refused, naming the field, counted and dead-lettered like telemetry.
        var bad = await engine.Http.PostAsync("/api/forecasts", new StringContent(
            """{"sensorId": "FB", "issued": "2021-07-20T12:00:00+08:00", "source": "county-met", "steps": [{"ts": "2021-07-20T13:00:00+08:00", "rain_mm": -1}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("$.steps[0].rain_mm", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var neither = await engine.Http.PostAsync("/api/forecasts", new StringContent("""{"issued": "2021-07-20T12:00:00+08:00", "source": "x", "steps": []}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        await PublishForecast(engine.MqttPort, "FB", Forecast("2021-07-20T12:00:00+08:00", ("2021-07-20T11:00:00+08:00", 5)));   // a step before its issue
        await PublishForecast(engine.MqttPort, "NOPE", Forecast("2021-07-20T12:00:00+08:00", ("2021-07-20T13:00:00+08:00", 5)));
        var letters = await Eventually.Get(async () => (await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/deadletters"))!, l => l.Count == 4, Wait, "four dead letters");
        Assert.Equal(["$.sensorId", "$.steps[0].rain_mm", "$.steps[0].ts", "sensorId"], letters.Select(l => l.GetProperty("field").GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains(letters, l => l.GetProperty("reason").GetString() == "bad-timestamp" && l.GetProperty("origin").GetString() == "forecasts/rain/FB");
    }
}
