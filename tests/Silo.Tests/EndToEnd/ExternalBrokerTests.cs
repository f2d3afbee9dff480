using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>With <c>Mqtt:ExternalBroker</c> the engine takes telemetry from mosquitto through a shared subscription.</summary>
public sealed class ExternalBrokerTests
{
    [Fact]
    public async Task Readings_published_to_mosquitto_raise_the_warning()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var mosquitto = await MosquittoServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, externalBroker: $"127.0.0.1:{mosquitto.Port}");

        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T14:00:00+08:00", 1, 40), mosquitto.Port);
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T15:00:00+08:00", 2, 35), mosquitto.Port);
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T16:00:00+08:00", 3, 30), mosquitto.Port);

        var warnings = await Eventually.Get(() => engine.Warnings("?active=true&level=red"), w => w.Count == 1, TimeSpan.FromSeconds(15), "red warning via mosquitto");
        Assert.Equal(105, warnings[0].GetProperty("evidence").GetProperty("value").GetDouble());
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", Engine.GaugeId) == 3, TimeSpan.FromSeconds(15), "3 points in InfluxDB");
    }
}
