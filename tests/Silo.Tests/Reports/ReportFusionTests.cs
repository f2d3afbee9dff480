using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;
using static Warning.Silo.Tests.Publication.PublicationHelpers;

namespace Warning.Silo.Tests.Reports;

/// <summary>
/// A verified community report fused with the sensors' warnings, real engine: a monitor's SMS of a crack 180 m from a
/// landslide point at blue, verified, raises its warning to yellow with the report as evidence and in its history; the
/// point 4 km away stays blue; the same report from a number not on the roster is kept unverified and raises nothing;
/// a verified rain report enters the nearest gauge's rule as a reading.
/// </summary>
public sealed class ReportFusionTests(ITestOutputHelper output)
{
    private const string Registry = """
        - {id: LS-NEAR, kind: landslide, name: 后山滑坡点, region: "620522", lat: 34.860, lon: 105.670, areas: ["620522100201"], ruleset: tangential-angle, params: {v0: 1, velocityWindow: P1D, minDisplacement: 0}}
        - {id: LS-FAR, kind: landslide, name: 远处滑坡点, region: "620522", lat: 34.900, lon: 105.670, areas: ["620522100202"], ruleset: tangential-angle, params: {v0: 1, velocityWindow: P1D, minDisplacement: 0}}
        - {id: GAUGE-NEAR, kind: rain, name: 村雨量站, region: "620522", lat: 34.861, lon: 105.671, areas: ["620522100201"], ruleset: cma-rainstorm}
        - {id: GAUGE-FAR, kind: rain, name: 县城雨量站, region: "620522", lat: 34.95, lon: 105.80, areas: ["620522100"], ruleset: cma-rainstorm}
        """;

    private const string Monitor = "+8613900000101";
    private const string Stranger = "+8613700000999";

    [Fact]
    public async Task A_verified_crack_near_a_blue_landslide_point_makes_it_yellow_with_the_report_in_evidence_and_history_and_rain_enters_the_nearest_gauge()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var gateway = await RecordingGateway.Start();
        await using var engine = await Engine.Start(influx.Url, registry: Registry, settings: [.. GatewaySettings(gateway), "--Reports:HoldFor=00:00:20"]);
        Assert.True((await engine.Http.PutAsJsonAsync("/api/recipients", new[]
        {
            new { id = "monitor-1", name = "张监测", phone = Monitor, areas = new[] { Area }, roles = new[] { "monitor" }, channels = new[] { "sms" }, minLevel = "blue" },
        })).IsSuccessStatusCode);
        foreach (var point in new[] { "LS-NEAR", "LS-FAR" })
        {
            await engine.Publish(point, """{"ts": "2021-07-01T00:00:00+08:00", "values": {"disp_mm": 100}}""", kind: "landslide");
            await engine.Publish(point, """{"ts": "2021-07-02T00:00:00+08:00", "values": {"disp_mm": 101}}""", kind: "landslide");   // 45°: blue
        }
        async Task<JsonElement> WarningOf(string sensor) => (await engine.Warnings("?kind=landslide")).Single(w => w.GetProperty("sensorId").GetString() == sensor);
        await Eventually.Until(async () => (await engine.Warnings("?kind=landslide")).Count(w => w.GetProperty("level").GetString() == "blue") == 2, Wait, "both points blue");

        async Task<JsonElement> Sms(string from, string text)
        {
            var response = await engine.Http.PostAsJsonAsync("/api/sms/inbound", new { from, text });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, body.ToString());
            return body.GetProperty("report");
        }

        // An unregistered number's report: stored, unverified, cannot be verified, raises nothing.
        var stranger = await Sms(Stranger, "LF @34.8615,105.6712 后山裂缝");
        Assert.Equal("unverified", stranger.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await engine.Http.PostAsJsonAsync($"/api/reports/{stranger.GetProperty("id").GetString()}/verify", new { note = "核实" })).StatusCode);
        Assert.Equal("blue", (await WarningOf("LS-NEAR")).GetProperty("level").GetString());

        // The monitor's: pending raises nothing; verified, the point 180 m away is yellow, the one 4 km away stays blue.
        var report = await Sms(Monitor, "LF 裂缝 @34.8615,105.6712 后山裂缝加宽5cm");
        var id = report.GetProperty("id").GetString()!;
        Assert.Equal(("pending", 34.8615), (report.GetProperty("status").GetString(), report.GetProperty("lat").GetDouble()));
        Assert.Equal("blue", (await WarningOf("LS-NEAR")).GetProperty("level").GetString());
        var verify = await engine.Http.PostAsJsonAsync($"/api/reports/{id}/verify", new { note = "电话核实，裂缝属实", by = "值班员 李明" });
        Assert.True(verify.IsSuccessStatusCode, await verify.Content.ReadAsStringAsync());
        var near = await Eventually.Get(() => WarningOf("LS-NEAR"), w => w.GetProperty("level").GetString() == "yellow", Wait, "LS-NEAR yellow");
        output.WriteLine(near.ToString());
        Assert.Equal("active", near.GetProperty("status").GetString());
        var evidence = near.GetProperty("evidence");
        Assert.Equal(("report", "crack", id, "PT20S"), (evidence.GetProperty("metric").GetString(), evidence.GetProperty("value").GetString(),
            evidence.GetProperty("reportId").GetString(), evidence.GetProperty("window").GetString()));
        var raised = near.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("action").GetString() == "raised-by-report");
        Assert.Equal(("yellow", "值班员 李明"), (raised.GetProperty("level").GetString(), raised.GetProperty("by").GetString()));
        Assert.Contains(id, raised.GetProperty("note").GetString());
        Assert.Equal(id, raised.GetProperty("evidence").GetProperty("reportId").GetString());
        Assert.Equal("blue", (await WarningOf("LS-FAR")).GetProperty("level").GetString());
        // The public geohazard warning of the village follows.
        var publics = await Eventually.Get(() => PublicWarnings(engine, "?active=true&hazard=geohazard"),
            p => p.Any(x => x.GetProperty("level").GetString() == "yellow"), Wait, "the village's public geohazard warning yellow");
        // CAP certainty: a sensor and a verified report agree in the raised village, the sensor alone in the other.
        string Certainty(System.Xml.Linq.XDocument cap) => cap.Descendants(System.Xml.Linq.XName.Get("certainty", "urn:oasis:names:tc:emergency:cap:1.2")).First().Value;
        var raisedPublic = publics.Single(x => x.GetProperty("level").GetString() == "yellow").GetProperty("id").GetString()!;
        var otherPublic = publics.Single(x => x.GetProperty("area").GetString() == "620522100202").GetProperty("id").GetString()!;
        Assert.Equal("Observed", Certainty(await Cap(engine, raisedPublic)));
        Assert.Equal("Likely", Certainty(await Cap(engine, otherPublic)));

        // A verified rain report enters the nearest gauge's rule as a reading (120 mm at once: red, awaiting approval).
        var rain = await Sms(Monitor, "YL @34.8605,105.6705 120mm 一小时");
        Assert.Equal(120, rain.GetProperty("amount").GetDouble());
        Assert.True((await engine.Http.PostAsJsonAsync($"/api/reports/{rain.GetProperty("id").GetString()}/verify", new { note = "简易雨量筒读数核实" })).IsSuccessStatusCode);
        var gauge = await Eventually.Get(() => engine.Warnings("?kind=rain"), w => w.Any(x => x.GetProperty("sensorId").GetString() == "GAUGE-NEAR"), Wait, "the near gauge's warning");
        var gaugeWarning = gauge.Single(x => x.GetProperty("sensorId").GetString() == "GAUGE-NEAR");
        Assert.Equal("red", gaugeWarning.GetProperty("level").GetString());
        Assert.Equal(120, gaugeWarning.GetProperty("evidence").GetProperty("value").GetDouble());
        Assert.DoesNotContain(gauge, x => x.GetProperty("sensorId").GetString() == "GAUGE-FAR");

        // When the hold ends (Reports:HoldFor after the verification) the point is back at its sensor's level, the report still in its history.
        var after = await Eventually.Get(() => WarningOf("LS-NEAR"), w => w.GetProperty("level").GetString() == "blue", TimeSpan.FromSeconds(60), "LS-NEAR back to blue");
        Assert.Equal("tangential_angle_deg", after.GetProperty("evidence").GetProperty("metric").GetString());
        Assert.Contains(after.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "raised-by-report");
    }
}
