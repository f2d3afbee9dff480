using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>A bad registry entry is refused with a message naming entry, field and expectation; the rest keep working.</summary>
public sealed class RegistryTests
{
    private const string Registry = """
        - id: GOOD-RAIN-01
          kind: rain
          region: "410522"
        - id: BAD-RAIN-01
          kind: rain
          region: "41-05"
          ruleset: rainstorm
        - id: GOOD-RAIN-02
          kind: rain
          region: "341322"
          params:
            red: {window: PT1H, mm: 30}
        """;

    [Fact]
    public async Task Bad_entries_are_refused_by_name_and_the_others_work()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Registry);

        var problems = await engine.Http.GetFromJsonAsync<List<string>>("/api/registry/problems");
        Assert.Equal(2, problems!.Count);
        Assert.All(problems, p => Assert.Contains("sensor entry #2 (", p));
        Assert.All(problems, p => Assert.Contains("line 4) (id BAD-RAIN-01)", p));
        Assert.Contains(problems, p => p.EndsWith("field 'region': expected a GB/T 2260 code of 6, 9 or 12 digits, got \"41-05\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith("field 'ruleset': unknown ruleset \"rainstorm\"; expected one of cma-rainstorm, torrent, tangential-angle, gbt50493, firecam, none", StringComparison.Ordinal));

        var sensors = await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors");
        Assert.Equal(["GOOD-RAIN-01", "GOOD-RAIN-02"], sensors!.Select(s => s.GetProperty("id").GetString()));

        // GOOD-RAIN-02's own red threshold (30 mm in 1 h) is in force.
        await engine.Publish("GOOD-RAIN-02", Engine.Reading("2021-07-20T10:00:00+08:00", 1, 30));
        await Eventually.Until(async () => (await engine.Warnings("?level=red")).Count == 1, TimeSpan.FromSeconds(15), "red from the per-sensor params");
    }

    [Fact]
    public async Task Put_validates_the_entry_and_a_registered_sensor_takes_readings_at_once()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url);

        var bad = await engine.Http.PutAsJsonAsync("/api/sensors/NEW-RAIN-01", new { kind = "rain", region = "410100", lat = 123.0, ruleset = "cma-rainstorm", @params = new { clearAfter = "soon" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var error = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("lat", error.GetProperty("field").GetString());
        Assert.Equal(
            ["sensor entry put through the API (id NEW-RAIN-01): field 'lat': expected a number from -90 to 90, got 123",
             "sensor entry put through the API (id NEW-RAIN-01): field 'params.clearAfter': expected an ISO 8601 duration such as \"PT3H\", got \"soon\""],
            error.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));

        var good = await engine.Http.PutAsJsonAsync("/api/sensors/NEW-RAIN-01", new { kind = "rain", name = "new gauge", region = "410100", lat = 34.75, lon = 113.62, areas = new[] { "410100001" } });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        await engine.Publish("NEW-RAIN-01", Engine.Reading("2021-07-20T10:00:00+08:00", 1, 50));
        var warning = (await Eventually.Get(() => engine.Warnings(), w => w.Count == 1, TimeSpan.FromSeconds(15), "orange for the new gauge"))[0];
        Assert.Equal(("NEW-RAIN-01", "orange"), (warning.GetProperty("sensorId").GetString(), warning.GetProperty("level").GetString()));
    }
}
