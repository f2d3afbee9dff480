using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>Readings out of order within the allowed lateness give the warnings of in-order delivery; older ones are stored, flagged, not evaluated.</summary>
public sealed class LatenessTests
{
    private const string Registry = """
        - {id: LATE-RAIN-01, kind: rain, region: "620522", ruleset: cma-rainstorm, params: {lateness: PT2H}}
        """;

    [Fact]
    public async Task Reversed_readings_give_the_in_order_warning_and_the_provisional_one_is_retracted()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Registry);
        const string id = "LATE-RAIN-01";

        await engine.Publish(id, Engine.Reading("2021-07-20T16:00:00+08:00", 3, 30));
        await engine.Publish(id, Engine.Reading("2021-07-20T15:00:00+08:00", 2, 35)); // 65 mm by 16:00: a provisional orange from 16:00
        await Eventually.Until(async () => (await engine.Warnings()).Count == 1, TimeSpan.FromSeconds(15), "the provisional orange");
        await engine.Publish(id, Engine.Reading("2021-07-20T14:00:00+08:00", 1, 40)); // now: orange from 15:00, red at 16:00

        // The revision records the red warning, then retracts the provisional one: wait for both (a broker's reading is
        // acknowledged before its evaluation, so the first look may fall between the two).
        var all = await Eventually.Get(() => engine.Warnings(),
            w => w.Count == 2 && w.Count(x => x.GetProperty("status").GetString() == "cancelled") == 1, TimeSpan.FromSeconds(15), "the revised warnings");
        var red = all.Single(w => w.GetProperty("status").GetString() != "cancelled");
        Assert.Equal(($"{id}-20210720T070000Z", "red"), (red.GetProperty("id").GetString(), red.GetProperty("level").GetString()));
        Assert.Equal(DateTimeOffset.Parse("2021-07-20T16:00:00+08:00"), red.GetProperty("onset").GetDateTimeOffset());
        Assert.Equal(["issued orange", "upgraded red"],
            red.GetProperty("history").EnumerateArray().Select(h => $"{h.GetProperty("action").GetString()} {h.GetProperty("level").GetString()}"));
        var retracted = all.Single(w => w.GetProperty("status").GetString() == "cancelled");
        Assert.Equal($"{id}-20210720T080000Z", retracted.GetProperty("id").GetString());
        Assert.Equal("retracted", retracted.GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString());

        await engine.Publish(id, Engine.Reading("2021-07-20T13:00:00+08:00", 0, 99)); // 3 h late: beyond PT2H
        var sensor = await Eventually.Get(() => engine.Http.GetFromJsonAsync<JsonElement>($"/api/sensors/{id}"),
            s => s.GetProperty("tooLate").GetInt32() == 1, TimeSpan.FromSeconds(15), "the too-late reading flagged");
        Assert.Equal("red", sensor.GetProperty("level").GetString());
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", id) == 4, TimeSpan.FromSeconds(15), "all 4 readings stored");
    }
}
