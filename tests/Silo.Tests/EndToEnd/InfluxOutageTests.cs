using System.Net.Http.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>InfluxDB going away while readings flow loses nothing and stores nothing twice.</summary>
public sealed class InfluxOutageTests
{
    private static readonly DateTimeOffset Start = new(2021, 7, 1, 0, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Every_reading_is_stored_exactly_once_across_an_outage()
    {
        await using var influx = await InfluxServer.StartNew();
        // 300 single-reading posts for one gauge as fast as they go: above the default per-sensor rate limit.
        await using var engine = await Engine.Start(influx.Url, settings: ["--Api:IngestPerSensorPerSecond=100000"]);
        var spool = Path.Combine(engine.DataDir, "spool");
        var seq = 0;

        async Task Send(int count)
        {
            for (var i = 0; i < count; i++, seq++)
            {
                var body = Engine.Reading(Start.AddMinutes(5 * seq).ToString("yyyy-MM-ddTHH:mm:sszzz"), seq, 0.2);
                var response = await engine.Http.PostAsync($"/api/sensors/{Engine.GaugeId}/telemetry", new StringContent(body));
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
        }

        await Send(100);
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", Engine.GaugeId) == 100, TimeSpan.FromSeconds(15), "first 100 stored");

        await influx.Stop();
        await Send(100);
        await Eventually.Until(async () => PrometheusText.Value(await engine.Metrics(), "warning_influx_write_failures_total") >= 1,
            TimeSpan.FromSeconds(15), "the engine noticing the outage");
        await Send(50);
        Assert.NotEmpty(Directory.GetFiles(spool, "*.wal"));

        await influx.Start();
        await Send(50);
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", Engine.GaugeId) == 300, TimeSpan.FromSeconds(30), "all 300 stored after the outage");
        await Eventually.Until(() => Task.FromResult(Directory.GetFiles(spool, "*.wal").Length == 0), TimeSpan.FromSeconds(15), "spool drained");

        var rows = await influx.Query($"SELECT rain_mm FROM rain WHERE sensor = '{Engine.GaugeId}'");
        var times = rows.Select(r => r[0].GetInt64()).ToList();
        Assert.Equal(300, times.Count);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => Start.AddMinutes(5 * i).ToUnixTimeMilliseconds()), times);
    }
}
