using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>Every sensor kind through MQTT: its ruleset raises a warning with the right evidence, and one ends with an all-clear.</summary>
public sealed class AllKindsTests
{
    private const string Registry = """
        - {id: TOR-01, kind: rain, name: 山洪监测站, region: "620522", areas: ["620522100201", "620522100202"], ruleset: torrent, params: {antecedent: wet}}
        - {id: LS-01, kind: landslide, name: 滑坡监测点, region: "620522", ruleset: tangential-angle, params: {v0: 1, velocityWindow: P1D, minDisplacement: 0}}
        - {id: GAS-01, kind: chemical, name: 储罐区可燃气体探测器, region: "410522", ruleset: gbt50493, params: {source: tank-farm-1}}
        - {id: GAS-02, kind: chemical, name: 储罐区可燃气体探测器2, region: "410522", areas: ["410522100299"], ruleset: gbt50493, params: {source: tank-farm-1}}
        - {id: H2S-01, kind: chemical, name: 硫化氢探测器, region: "410522", ruleset: gbt50493, params: {detector: toxic, gas: H2S, oelPpm: 10}}
        - {id: CAM-01, kind: firecam, name: 林区视频监控, region: "654225", areas: ["654225101201"], ruleset: firecam}
        - {id: CAM-02, kind: firecam, name: 林区视频监控2, region: "654225", areas: ["654225101201"], ruleset: firecam}
        - {id: RAIN-C, kind: rain, name: 滑坡点雨量站, region: "620522", ruleset: cma-rainstorm}
        - {id: LS-02, kind: landslide, name: 降雨耦合滑坡点, region: "620522", ruleset: tangential-angle, params: {v0: 1, velocityWindow: P1D, minDisplacement: 0, rainSensor: RAIN-C}}
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Each_kind_raises_its_graded_warning_with_evidence()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Registry);

        await engine.Publish("TOR-01", """{"ts": "2021-07-20T10:00:00+08:00", "values": {"rain_mm": 36}}""");                        // 45 × 0.8 = 36: evacuate
        await engine.Publish("LS-01", """{"ts": "2021-07-01T00:00:00+08:00", "values": {"disp_mm": 100}}""", kind: "landslide");
        await engine.Publish("LS-01", """{"ts": "2021-07-02T00:00:00+08:00", "values": {"disp_mm": 106}}""", kind: "landslide"); // atan(6) = 80.5°
        await engine.Publish("GAS-01", """{"ts": "2021-07-20T10:00:00+08:00", "values": {"lel_pct": 55}}""", kind: "chemical");
        await engine.Publish("H2S-01", """{"ts": "2021-07-20T10:00:00+08:00", "values": {"toxic_ppm": 12}}""", kind: "chemical");
        await engine.Publish("CAM-01", """{"ts": "2021-07-20T10:00:00+08:00", "values": {"smoke_conf": 0.7, "fire_conf": 0.1}}""", kind: "firecam");
        await engine.Publish("CAM-01", """{"ts": "2021-07-20T10:02:00+08:00", "values": {"smoke_conf": 0.8, "fire_conf": 0.2}}""", kind: "firecam");

        var warnings = await Eventually.Get(() => engine.Warnings("?active=true"), w => w.Count == 5, Wait, "five warnings");
        JsonElement Of(string id) => warnings.Single(w => w.GetProperty("sensorId").GetString() == id);
        string Summary(JsonElement w)
        {
            var e = w.GetProperty("evidence");
            return $"{w.GetProperty("ruleset").GetString()} {w.GetProperty("level").GetString()} {e.GetProperty("metric").GetString()} {e.GetProperty("window").GetString()} {e.GetProperty("value").GetDouble()} ≥ {e.GetProperty("threshold").GetDouble()}";
        }

        Assert.Equal("torrent red rain_mm PT1H 36 ≥ 36", Summary(Of("TOR-01")));
        Assert.Equal("tangential-angle orange tangential_angle_deg P1D 80.54 ≥ 80", Summary(Of("LS-01")));
        Assert.Equal("gbt50493 orange lel_pct PT0S 55 ≥ 50", Summary(Of("GAS-01")));
        Assert.Equal("gbt50493 yellow toxic_ppm PT0S 12 ≥ 10", Summary(Of("H2S-01")));
        Assert.Equal("firecam yellow smoke_conf PT10M 0.8 ≥ 0.6", Summary(Of("CAM-01")));
        Assert.Contains("立即转移", Of("TOR-01").GetProperty("headline").GetString());
        Assert.Equal(["620522100201", "620522100202"], Of("TOR-01").GetProperty("areas").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("二级报警", Of("GAS-01").GetProperty("description").GetString());

        // The gas clears: below every setpoint for clearAfter (PT5M) ends the warning with an all-clear.
        await engine.Publish("GAS-01", """{"ts": "2021-07-20T10:01:00+08:00", "values": {"lel_pct": 3}}""", kind: "chemical");
        await engine.Publish("GAS-01", """{"ts": "2021-07-20T10:06:00+08:00", "values": {"lel_pct": 2}}""", kind: "chemical");
        var ended = (await Eventually.Get(() => engine.Warnings("?active=false"), w => w.Count == 1, Wait, "the gas all-clear"))[0];
        Assert.Equal(("GAS-01", "ended"), (ended.GetProperty("sensorId").GetString(), ended.GetProperty("status").GetString()));
        Assert.Equal(DateTimeOffset.Parse("2021-07-20T10:06:00+08:00"), ended.GetProperty("ended").GetDateTimeOffset());
        Assert.Equal("ended", ended.GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString());
    }

    [Fact]
    public async Task Fire_seen_on_a_day_of_extreme_fire_danger_is_red()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Registry);

        var bad = await engine.Http.PutAsJsonAsync("/api/regions/654225/fire-danger", new { date = "2021-07-20", level = 6 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("level", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());

        var put = await engine.Http.PutAsJsonAsync("/api/regions/654225/fire-danger", new { date = "2021-07-20", fwi = 40.2 });
        var entry = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, entry.GetProperty("level").GetInt32()); // FWI ≥ 38: V (EFFIS)

        await engine.Publish("CAM-01", """{"ts": "2021-07-20T13:00:00+08:00", "values": {"smoke_conf": 0.9, "fire_conf": 0.8}}""", kind: "firecam");
        await engine.Publish("CAM-01", """{"ts": "2021-07-20T13:01:00+08:00", "values": {"smoke_conf": 0.9, "fire_conf": 0.7}}""", kind: "firecam");
        var red = (await Eventually.Get(() => engine.Warnings("?level=red"), w => w.Count == 1, Wait, "red fire warning"))[0];
        var evidence = red.GetProperty("evidence");
        Assert.Equal(("fire_danger_level", 5.0, 4.0), (evidence.GetProperty("metric").GetString(), evidence.GetProperty("value").GetDouble(), evidence.GetProperty("threshold").GetDouble()));
        Assert.Contains("森林火险等级为5级", red.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Two_detectors_of_one_source_in_alarm_within_five_minutes_make_the_source_red()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Registry);

        await engine.Publish("GAS-01", """{"ts": "2021-07-20T10:00:00+08:00", "values": {"lel_pct": 55}}""", kind: "chemical");
        await engine.Publish("GAS-02", """{"ts": "2021-07-20T10:03:00+08:00", "values": {"lel_pct": 62}}""", kind: "chemical");

        var source = (await Eventually.Get(() => engine.Warnings("?level=red"), w => w.Count == 1, Wait, "the source's red warning"))[0];
        Assert.Equal(("tank-farm-1", "gbt50493"), (source.GetProperty("sensorId").GetString(), source.GetProperty("ruleset").GetString()));
        Assert.Equal(DateTimeOffset.Parse("2021-07-20T10:03:00+08:00"), source.GetProperty("onset").GetDateTimeOffset());
        var evidence = source.GetProperty("evidence");
        Assert.Equal(("confirmed_detectors", "PT5M", 2.0, 2.0),
            (evidence.GetProperty("metric").GetString(), evidence.GetProperty("window").GetString(), evidence.GetProperty("value").GetDouble(), evidence.GetProperty("threshold").GetDouble()));
        Assert.Equal(2, (await engine.Warnings("?level=orange")).Count); // each detector keeps its own orange warning
    }

    [Fact]
    public async Task Smoke_seen_by_a_second_camera_of_the_area_is_orange()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Registry);

        foreach (var (camera, minute) in new[] { ("CAM-01", 0), ("CAM-01", 1), ("CAM-02", 3), ("CAM-02", 4) })
        {
            await engine.Publish(camera, "{\"ts\": \"2021-07-20T14:0" + minute + ":00+08:00\", \"values\": {\"smoke_conf\": 0.75, \"fire_conf\": 0.0}}", kind: "firecam");
        }

        var orange = (await Eventually.Get(() => engine.Warnings("?level=orange"), w => w.Count == 1, Wait, "orange on the second camera"))[0];
        Assert.Equal("CAM-02", orange.GetProperty("sensorId").GetString());
        Assert.Equal("confirming_cameras", orange.GetProperty("evidence").GetProperty("metric").GetString());
        Assert.Equal("CAM-01", Assert.Single(await engine.Warnings("?level=yellow")).GetProperty("sensorId").GetString());
    }

    [Fact]
    public async Task A_landslide_point_under_heavy_rain_at_its_gauge_is_raised_one_level()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Registry);

        await engine.Publish("RAIN-C", """{"ts": "2021-07-01T12:00:00+08:00", "values": {"rain_mm": 60}}""");
        await Eventually.Until(async () => (await engine.Warnings()).Count == 1, Wait, "the gauge's own warning");
        await engine.Publish("LS-02", """{"ts": "2021-07-01T00:00:00+08:00", "values": {"disp_mm": 100}}""", kind: "landslide");
        await engine.Publish("LS-02", """{"ts": "2021-07-02T00:00:00+08:00", "values": {"disp_mm": 101}}""", kind: "landslide"); // 45°: blue

        var raised = (await Eventually.Get(() => engine.Warnings("?kind=landslide"), w => w.Count == 1, Wait, "the landslide warning"))[0];
        Assert.Equal("yellow", raised.GetProperty("level").GetString());
        var evidence = raised.GetProperty("evidence");
        Assert.Equal(("rain_mm", "P1D", 60.0, 50.0), (evidence.GetProperty("metric").GetString(), evidence.GetProperty("window").GetString(), evidence.GetProperty("value").GetDouble(), evidence.GetProperty("threshold").GetDouble()));
    }
}
