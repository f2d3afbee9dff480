using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>
/// The registry file edited while the engine runs: an added entry takes readings, a changed entry's areas and
/// thresholds take effect, and a broken file is reported while the last good registry stays in force until it is fixed.
/// </summary>
public sealed class RegistryFileEditTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private const string Gauge = """
        - id: EDIT-RAIN-01
          kind: rain
          region: "410522"
          areas: ["410522100001"]
        """;

    private const string Changed = """
        - id: EDIT-RAIN-01
          kind: rain
          region: "410522"
          areas: ["410522100002"]
          params:
            red: {window: PT1H, mm: 30}
        """;

    private const string Added = """

        - id: EDIT-RAIN-02
          kind: rain
          region: "341322"
        """;

    private static async Task<HttpStatusCode> Status(Engine engine, string id) => (await engine.Http.GetAsync($"/api/sensors/{id}")).StatusCode;

    private static async Task<JsonElement> Sensor(Engine engine, string id) => await engine.Http.GetFromJsonAsync<JsonElement>($"/api/sensors/{id}");

    private static async Task<List<string>> Problems(Engine engine) => (await engine.Http.GetFromJsonAsync<List<string>>("/api/registry/problems"))!;

    [Fact]
    public async Task An_entry_added_to_the_file_takes_readings_without_a_restart()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Gauge);
        Assert.Equal(HttpStatusCode.NotFound, await Status(engine, "EDIT-RAIN-02"));

        await File.WriteAllTextAsync(engine.RegistryFile, Gauge + Added);
        await Eventually.Until(async () => await Status(engine, "EDIT-RAIN-02") == HttpStatusCode.OK, Wait, "the added entry in force");

        await engine.Publish("EDIT-RAIN-02", Engine.Reading("2021-07-20T10:00:00+08:00", 1, 1));
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", "EDIT-RAIN-02") == 1, Wait, "the added gauge's reading stored");
        Assert.Equal(0, PrometheusText.Value(await engine.Metrics(), "warning_ingest_rejected_total", "reason=\"unknown-sensor\""));
    }

    [Fact]
    public async Task A_changed_entry_s_areas_and_thresholds_take_effect_without_a_restart()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Gauge);
        async Task<double> Red() => (await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors/EDIT-RAIN-01/thresholds"))!
            .Where(t => t.GetProperty("level").GetString() == "red").Select(t => t.GetProperty("value").GetDouble()).Min();
        var defaultRed = await Red();
        Assert.True(defaultRed > 30, $"the default red threshold is above the edited one (got {defaultRed})");

        await File.WriteAllTextAsync(engine.RegistryFile, Changed);
        await Eventually.Until(async () => await Red() == 30, Wait, "the edited red threshold in force");
        Assert.Equal(["410522100002"], (await Sensor(engine, "EDIT-RAIN-01")).GetProperty("areas").EnumerateArray().Select(a => a.GetString()));

        // 30 mm in an hour is red now (the default needs more).
        await engine.Publish("EDIT-RAIN-01", Engine.Reading("2021-07-20T10:00:00+08:00", 1, 30));
        var red = await Eventually.Get(() => engine.Warnings("?level=red"), w => w.Count == 1, Wait, "red from the edited threshold");
        Assert.Equal("EDIT-RAIN-01", red[0].GetProperty("sensorId").GetString());
    }

    [Fact]
    public async Task A_broken_file_is_reported_the_last_good_registry_stays_and_the_fix_applies()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Gauge);
        Assert.Empty(await Problems(engine));

        // An editor's half-saved file: an unclosed flow sequence, and the new entry in it.
        await File.WriteAllTextAsync(engine.RegistryFile, Gauge.Replace("""["410522100001"]""", """["410522100001" """) + Added);
        var problems = await Eventually.Get(() => Problems(engine), p => p.Count > 0, Wait, "the broken file reported");
        Assert.Single(problems);
        Assert.Contains(Path.GetFileName(engine.RegistryFile), problems[0]);
        Assert.Contains("line ", problems[0]);

        // The last good registry is in force: the old gauge takes readings, the half-written one is not there.
        Assert.Equal(HttpStatusCode.OK, await Status(engine, "EDIT-RAIN-01"));
        Assert.Equal(["410522100001"], (await Sensor(engine, "EDIT-RAIN-01")).GetProperty("areas").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, await Status(engine, "EDIT-RAIN-02"));
        await engine.Publish("EDIT-RAIN-01", Engine.Reading("2021-07-20T10:00:00+08:00", 1, 1));
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", "EDIT-RAIN-01") == 1, Wait, "a reading of the last good registry's gauge stored");

        await File.WriteAllTextAsync(engine.RegistryFile, Gauge + Added);
        await Eventually.Until(async () => (await Problems(engine)).Count == 0, Wait, "the problem cleared by the fix");
        Assert.Equal(HttpStatusCode.OK, await Status(engine, "EDIT-RAIN-02"));
        await engine.Publish("EDIT-RAIN-02", Engine.Reading("2021-07-20T10:00:00+08:00", 1, 1));
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", "EDIT-RAIN-02") == 1, Wait, "the fixed file's new gauge's reading stored");
    }
}
