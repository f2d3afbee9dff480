using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>A sensor that goes silent is marked offline for operators (not a public warning) and comes back with its next reading.</summary>
public sealed class OfflineTests
{
    [Fact]
    public async Task A_silent_sensor_goes_offline_and_returns_with_its_next_reading()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: ["--Liveness:MinOfflineAfter=00:00:01", "--Liveness:WatchInterval=00:00:00.200"]);
        async Task<bool> Online() => (await engine.Http.GetFromJsonAsync<JsonElement>($"/api/sensors/{Engine.GaugeId}")).GetProperty("online").GetBoolean();

        Assert.False(await Online()); // never heard from
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T10:00:00+08:00", 1, 0));
        await Eventually.Until(Online, TimeSpan.FromSeconds(5), "online after a reading");

        await Eventually.Until(async () => !await Online(), TimeSpan.FromSeconds(10), "offline after a second of silence");
        await Eventually.Until(async () => PrometheusText.Value(await engine.Metrics(), "warning_sensors_offline") == 1, TimeSpan.FromSeconds(5), "the offline gauge at 1");
        var offline = await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors?online=false");
        Assert.Contains(offline!, s => s.GetProperty("id").GetString() == Engine.GaugeId);
        Assert.Empty(await engine.Warnings());

        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T10:05:00+08:00", 2, 0));
        await Eventually.Until(Online, TimeSpan.FromSeconds(5), "back online");
        await Eventually.Until(async () => PrometheusText.Value(await engine.Metrics(), "warning_sensors_offline") == 0, TimeSpan.FromSeconds(5), "offline gauge back to 0");
    }

    [Fact]
    public async Task A_status_offline_message_marks_the_sensor_offline_and_online_brings_it_back_in_the_api_and_the_live_feed()
    {
        await using var influx = await InfluxServer.StartNew();
        // The default silence limit (minutes): only the status messages move the sensor here.
        await using var engine = await Engine.Start(influx.Url, settings: ["--Liveness:WatchInterval=00:00:00.200"]);
        async Task<JsonElement> Sensor() => await engine.Http.GetFromJsonAsync<JsonElement>($"/api/sensors/{Engine.GaugeId}");
        async Task<bool> Online() => (await Sensor()).GetProperty("online").GetBoolean();
        async Task<double> OfflineGauge() => PrometheusText.Value(await engine.Metrics(), "warning_sensors_offline");

        // The dashboard's live feed carries each change as a sensor-status event.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = await LiveFeedTests.Listen(engine, "/api/live?events=sensor-status", cancel.Token);
        bool StatusEvent(bool online) => events.Any(e => e.Event == "sensor-status" && e.Data.Contains(Engine.GaugeId, StringComparison.Ordinal)
            && e.Data.Contains($"\"online\":{(online ? "true" : "false")}", StringComparison.Ordinal));

        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T10:00:00+08:00", 1, 0));
        await Eventually.Until(Online, TimeSpan.FromSeconds(5), "online after a reading");

        await Telemetry.PublishStatus(engine.MqttPort, Engine.GaugeId, "offline");
        await Eventually.Until(async () => !await Online(), TimeSpan.FromSeconds(5), "offline after the status message");
        await Eventually.Until(async () => await OfflineGauge() == 1, TimeSpan.FromSeconds(5), "the offline gauge at 1");
        await Eventually.Until(() => Task.FromResult(StatusEvent(online: false)), TimeSpan.FromSeconds(5), "the offline event on the live feed");
        var offline = await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors?online=false");
        Assert.Contains(Engine.GaugeId, offline!.Select(s => s.GetProperty("id").GetString()));
        Assert.Empty(await engine.Warnings()); // an operator's alert, not a public warning
        Assert.True((await Sensor()).GetProperty("lastSeen").ValueKind != JsonValueKind.Null, "the last reading's time is still shown");

        await Telemetry.PublishStatus(engine.MqttPort, Engine.GaugeId, "online");
        await Eventually.Until(Online, TimeSpan.FromSeconds(5), "online after the status message");
        await Eventually.Until(async () => await OfflineGauge() == 0, TimeSpan.FromSeconds(5), "offline gauge back to 0");
        await Eventually.Until(() => Task.FromResult(StatusEvent(online: true)), TimeSpan.FromSeconds(5), "the online event on the live feed");
        var stillOffline = await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors?online=false");
        Assert.DoesNotContain(Engine.GaugeId, stillOffline!.Select(s => s.GetProperty("id").GetString()));
        cancel.Cancel(); // the feed's connection closed before the engine stops
    }
}
