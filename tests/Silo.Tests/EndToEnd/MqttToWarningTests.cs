using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>The foundation's promise: readings over MQTT become a graded warning in the API and points in InfluxDB.</summary>
public sealed class MqttToWarningTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Three_hourly_readings_give_one_red_warning_and_are_stored()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url);
        const string id = Engine.GaugeId;

        await engine.Publish(id, Engine.Reading("2021-07-20T14:00:00+08:00", 1, 40));
        await engine.Publish(id, Engine.Reading("2021-07-20T15:00:00+08:00", 2, 35));
        await Eventually.Until(async () => (await engine.Warnings()).Count == 1, Wait, "the orange warning");

        // The third reading goes through the command-line client a newcomer would use (MQTT 3.1.1, no client id).
        var clock = Stopwatch.StartNew();
        var pub = Process.Start("mosquitto_pub", ["-h", "127.0.0.1", "-p", engine.MqttPort.ToString(), "-q", "1",
            "-t", $"sensors/rain/{id}/telemetry", "-m", Engine.Reading("2021-07-20T16:00:00+08:00", 3, 30)])!;
        await pub.WaitForExitAsync();
        Assert.Equal(0, pub.ExitCode);
        var warnings = await Eventually.Get(() => engine.Warnings("?active=true"), w => w.Count == 1 && w[0].GetProperty("level").GetString() == "red", Wait, "the red warning");
        TestContext.Current.SendDiagnosticMessage($"publish → red warning visible in the API: {clock.Elapsed.TotalMilliseconds:0} ms");

        var red = warnings.Single();
        Assert.Equal(id, red.GetProperty("sensorId").GetString());
        Assert.Equal("pending-approval", red.GetProperty("status").GetString()); // red waits for the duty officer (RULES.md)
        Assert.Equal(DateTimeOffset.Parse("2021-07-20T16:00:00+08:00"), red.GetProperty("onset").GetDateTimeOffset());
        var evidence = red.GetProperty("evidence");
        Assert.Equal(("rain_mm", "PT3H", 105.0, 100.0),
            (evidence.GetProperty("metric").GetString(), evidence.GetProperty("window").GetString(), evidence.GetProperty("value").GetDouble(), evidence.GetProperty("threshold").GetDouble()));
        Assert.Equal(["issued orange", "upgraded red"],
            red.GetProperty("history").EnumerateArray().Select(h => $"{h.GetProperty("action").GetString()} {h.GetProperty("level").GetString()}"));

        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", id) == 3, Wait, "3 points in InfluxDB");
        var series = await engine.Http.GetFromJsonAsync<JsonElement>($"/api/sensors/{id}/telemetry?from=2021-07-20T00:00:00Z&to=2021-07-21T00:00:00Z&metric=rain_mm");
        Assert.Equal([40.0, 35.0, 30.0], series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("values").GetProperty("rain_mm").GetDouble()));

        var sensor = await engine.Http.GetFromJsonAsync<JsonElement>($"/api/sensors/{id}");
        Assert.Equal(("red", true, 3), (sensor.GetProperty("level").GetString(), sensor.GetProperty("online").GetBoolean(), sensor.GetProperty("readings").GetInt32()));
        Assert.Equal(red.GetProperty("id").GetString(), sensor.GetProperty("activeWarningId").GetString());
    }

    [Fact]
    public async Task A_repeated_seq_or_ts_counts_once()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url);
        const string id = Engine.GaugeId;

        await engine.Publish(id, Engine.Reading("2021-07-20T14:00:00+08:00", 7, 60));
        await engine.Publish(id, Engine.Reading("2021-07-20T14:00:00+08:00", 7, 60));   // same seq and ts
        await engine.Publish(id, Engine.Reading("2021-07-20T14:00:00+08:00", 8, 60));   // same ts
        await engine.Publish(id, Engine.Reading("2021-07-20T15:00:00+08:00", 7, 60));   // same seq

        var sensor = await Eventually.Get(() => engine.Http.GetFromJsonAsync<JsonElement>($"/api/sensors/{id}"),
            s => s.GetProperty("duplicates").GetInt32() == 3, Wait, "3 duplicates counted");
        Assert.Equal(1, sensor.GetProperty("readings").GetInt32());
        var warning = Assert.Single(await engine.Warnings());
        Assert.Equal("orange", warning.GetProperty("level").GetString());
        Assert.Equal(60, warning.GetProperty("evidence").GetProperty("value").GetDouble());
        await Eventually.Until(async () => PrometheusText.Value(await engine.Metrics(), "warning_ingest_duplicates_total") == 3, Wait, "duplicates metric 3");
    }
}
