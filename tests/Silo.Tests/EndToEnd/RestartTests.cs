using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>After a restart a gauge's rain windows and its active warning are intact.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Windows_and_the_active_warning_survive_a_restart()
    {
        await using var influx = await InfluxServer.StartNew();
        var dataDir = Directory.CreateTempSubdirectory("warning-restart-").FullName;
        string orangeId;
        await using (var first = await Engine.Start(influx.Url, dataDir))
        {
            await first.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T14:00:00+08:00", 1, 40));
            await first.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 2, 35));
            var orange = await Eventually.Get(() => first.Warnings(), w => w.Count == 1, TimeSpan.FromSeconds(15), "orange warning");
            orangeId = orange[0].GetProperty("id").GetString()!;
        }

        await using var second = await Engine.Start(influx.Url, dataDir);
        var sensor = await second.Http.GetFromJsonAsync<JsonElement>($"/api/sensors/{Engine.GaugeId}");
        Assert.Equal(("orange", orangeId), (sensor.GetProperty("level").GetString(), sensor.GetProperty("activeWarningId").GetString()));

        // 30 mm more only makes red if the 40 and 35 of before the restart are still in the 3 h window.
        await second.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T16:00:00+08:00", 3, 30));
        var warnings = await Eventually.Get(() => second.Warnings(), w => w.Count == 1 && w[0].GetProperty("level").GetString() == "red",
            TimeSpan.FromSeconds(15), "red on the same warning");
        Assert.Equal(orangeId, warnings[0].GetProperty("id").GetString());
        Assert.Equal(105, warnings[0].GetProperty("evidence").GetProperty("value").GetDouble());
        Assert.Equal(2, warnings[0].GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task After_a_crash_readings_the_state_missed_are_evaluated_again_from_InfluxDB()
    {
        await using var influx = await InfluxServer.StartNew();
        var dataDir = Directory.CreateTempSubdirectory("warning-crash-").FullName;
        var first = await Engine.Start(influx.Url, dataDir);
        await first.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T14:00:00+08:00", 1, 40)); // no warning: state not written yet
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", Engine.GaugeId) == 1, TimeSpan.FromSeconds(15), "the reading stored");
        await first.Crash();

        await using var second = await Engine.Start(influx.Url, dataDir);
        await second.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 2, 35));
        await second.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T16:00:00+08:00", 3, 30));

        // Without the 40 mm the state lost, 65 mm in 3 h would only be orange.
        var red = (await Eventually.Get(() => second.Warnings("?level=red"), w => w.Count == 1, TimeSpan.FromSeconds(15), "red"))[0];
        Assert.Equal(105, red.GetProperty("evidence").GetProperty("value").GetDouble());
        Assert.Equal(["issued orange", "upgraded red"],
            red.GetProperty("history").EnumerateArray().Select(h => $"{h.GetProperty("action").GetString()} {h.GetProperty("level").GetString()}"));
    }
}
