using System.Net;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Faults;

/// <summary><c>/readyz</c> answers 503 naming the dependency while InfluxDB or the external broker is down, and 200 once it is back.</summary>
public sealed class ReadinessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Ready(Engine engine)
    {
        using var response = await engine.Http.GetAsync("/readyz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone());
    }

    [Fact]
    public async Task Readyz_is_503_while_InfluxDB_is_down_and_200_once_it_is_back()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url);
        Assert.Equal(HttpStatusCode.OK, (await Ready(engine)).Status);

        await influx.Stop();
        var (status, body) = await Eventually.Get(() => Ready(engine), r => r.Status != HttpStatusCode.OK, Wait, "/readyz not 200 with InfluxDB down");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(body.GetProperty("ready").GetBoolean());
        Assert.False(body.GetProperty("storage").GetBoolean());
        Assert.True(body.GetProperty("broker").GetBoolean());

        await influx.Start();
        (_, body) = await Eventually.Get(() => Ready(engine), r => r.Status == HttpStatusCode.OK, Wait, "/readyz 200 with InfluxDB back");
        Assert.True(body.GetProperty("storage").GetBoolean());
    }

    [Fact]
    public async Task Readyz_is_503_while_the_external_broker_is_down_and_200_once_it_is_back()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var mosquitto = await MosquittoServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, externalBroker: $"127.0.0.1:{mosquitto.Port}");
        Assert.Equal(HttpStatusCode.OK, (await Ready(engine)).Status);

        await mosquitto.Stop();
        var (status, body) = await Eventually.Get(() => Ready(engine), r => r.Status != HttpStatusCode.OK, Wait, "/readyz not 200 with mosquitto down");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(body.GetProperty("broker").GetBoolean());
        Assert.Contains($"127.0.0.1:{mosquitto.Port}", body.GetProperty("brokerDescription").GetString());
        Assert.True(body.GetProperty("storage").GetBoolean());

        await mosquitto.Restart();
        (_, body) = await Eventually.Get(() => Ready(engine), r => r.Status == HttpStatusCode.OK, Wait, "/readyz 200 with mosquitto back");
        Assert.True(body.GetProperty("broker").GetBoolean());
        // Resubscribed, not just connected: a reading through mosquitto is taken again.
        await engine.Publish(Engine.GaugeId, Engine.Reading("2021-07-20T10:00:00+08:00", 1, 1), mosquitto.Port);
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", Engine.GaugeId) == 1, Wait, "the reading after the broker's return stored");
    }
}
