using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary><c>GET /api/warnings</c> as a history: filters, newest onset first, pages linked with <c>Link: rel="next"</c>, and clear refusals.</summary>
public sealed class WarningQueryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Warnings_are_filtered_paged_newest_first_and_bad_filters_are_refused_by_name()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url);
        // Two gauges in two counties: a red on one day, an orange the next.
        await engine.Publish("TEST-RAIN-01", Engine.Reading("2021-07-20T16:00:00+08:00", 1, 120));
        await engine.Publish("TEST-RAIN-02", Engine.Reading("2021-07-21T09:00:00+08:00", 1, 60));
        await Eventually.Until(async () => (await engine.Warnings()).Count == 2, Wait, "two warnings");

        var all = await engine.Warnings();
        Assert.Equal(["TEST-RAIN-02", "TEST-RAIN-01"], all.Select(w => w.GetProperty("sensorId").GetString()));
        Assert.Equal(["TEST-RAIN-01"], (await engine.Warnings("?region=6205")).Select(w => w.GetProperty("sensorId").GetString()));
        Assert.Equal(["TEST-RAIN-01"], (await engine.Warnings("?area=620522100")).Select(w => w.GetProperty("sensorId").GetString()));
        Assert.Equal(["TEST-RAIN-02"], (await engine.Warnings("?level=orange&hazard=rainstorm")).Select(w => w.GetProperty("sensorId").GetString()));
        Assert.Equal(["TEST-RAIN-01"], (await engine.Warnings("?status=pending-approval&level=red")).Select(w => w.GetProperty("sensorId").GetString()));
        Assert.Equal(["TEST-RAIN-01"], (await engine.Warnings("?from=2021-07-20T00:00:00%2B08:00&to=2021-07-21T00:00:00%2B08:00")).Select(w => w.GetProperty("sensorId").GetString()));

        // One a page: the first links to the second, the second to none.
        var first = await engine.Http.GetAsync("/api/warnings?limit=1&region=");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("TEST-RAIN-02", Assert.Single((await first.Content.ReadFromJsonAsync<List<JsonElement>>())!).GetProperty("sensorId").GetString());
        var link = Assert.Single(first.Headers.GetValues("Link"));
        Assert.EndsWith("; rel=\"next\"", link);
        var next = link[(link.IndexOf('<') + 1)..link.IndexOf('>')];
        Assert.Contains("limit=1", next);
        var second = await engine.Http.GetAsync(next);
        Assert.Equal("TEST-RAIN-01", Assert.Single((await second.Content.ReadFromJsonAsync<List<JsonElement>>())!).GetProperty("sensorId").GetString());
        Assert.False(second.Headers.Contains("Link"));

        foreach (var (query, field) in new[] { ("limit=0", "limit"), ("limit=100001", "limit"), ("level=purple", "level"), ("status=open", "status"),
                     ("after=nonsense", "after"), ("from=2021-07-21T00:00:00Z&to=2021-07-20T00:00:00Z", "to") })
        {
            var refused = await engine.Http.GetAsync($"/api/warnings?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(field, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
    }
}
