using System.Net;
using System.Text;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Security;

/// <summary>HTTP ingestion is rate-limited per sensor: a flood for one sensor gets 429s, the others go on.</summary>
public sealed class IngestRateLimitTests
{
    [Fact]
    public async Task A_flood_for_one_sensor_is_slowed_with_429_and_another_sensor_is_not()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: ["--Api:IngestPerSensorPerSecond=1"]);

        var statuses = new List<HttpStatusCode>();
        string? refusal = null;
        for (var i = 0; i < 30; i++)
        {
            using var response = await Post(engine, "TEST-RAIN-01", i);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refusal ??= await response.Content.ReadAsStringAsync();
        }
        var taken = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.InRange(taken, 10, 15);   // the burst of 10, and what a second of posting replenished
        Assert.Equal(30 - taken, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Contains("TEST-RAIN-01", refusal, StringComparison.Ordinal);
        Assert.Contains("\"field\":\"$\"", refusal, StringComparison.Ordinal);

        using (var other = await Post(engine, "TEST-RAIN-02", 0))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        var metrics = await engine.Http.GetStringAsync("/metrics");
        Assert.Contains("reason=\"rate-limited\"", metrics, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> Post(Engine engine, string sensorId, int seq) =>
        engine.Http.PostAsync($"/api/sensors/{sensorId}/telemetry",
            new StringContent(Engine.Reading(DateTimeOffset.Parse("2021-07-20T00:00:00+08:00").AddMinutes(5 * seq).ToString("O"), seq, 0.5), Encoding.UTF8, "application/json"));
}
