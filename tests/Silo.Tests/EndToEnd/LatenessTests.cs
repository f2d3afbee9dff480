using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Warning.Records.GrainState;
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
    /// <summary>
    /// An ended warning stays open to revision while its all-clear is within the lateness; once a later reading settles
    /// it, the sensor lets the episode go at once — from memory and from its stored state — not at its next warning.
    /// </summary>
    [Fact]
    public async Task A_settled_all_clear_lets_the_episode_go_without_another_warning()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: """
            - {id: SETTLE-RAIN-01, kind: rain, region: "620522", ruleset: cma-rainstorm, params: {lateness: PT10M}}
            """, settings: ["--Sensors:StateFlushPeriod=00:00:01"]);
        const string id = "SETTLE-RAIN-01";
        var states = engine.Services.GetRequiredService<GrainStateStore>();
        async Task<JsonElement> Stored() => JsonDocument.Parse((await states.Read("sensor", $"sensor/{id}"))?.Body ?? "{}").RootElement;

        await engine.Publish(id, Engine.Reading("2021-07-20T16:00:00+08:00", 1, 120)); // red
        await engine.Publish(id, Engine.Reading("2021-07-21T04:01:00+08:00", 2, 0));   // every window (blue's 12 h the longest) past it: below
        await engine.Publish(id, Engine.Reading("2021-07-21T05:02:00+08:00", 3, 0));   // below for clearAfter (PT1H): ended
        await Eventually.Get(async () => string.Join(",", (await engine.Warnings()).Select(w => w.GetProperty("status").GetString())),
            w => w == "ended", TimeSpan.FromSeconds(15), "the warning ended");
        var open = await Eventually.Get(Stored, s => s.TryGetProperty("recordedEpisodes", out var r) && r.EnumerateObject().Any()
            && s.GetProperty("activeWarningId").ValueKind == JsonValueKind.Null, TimeSpan.FromSeconds(15), "the ended episode in the stored state");
        Assert.Single(open.GetProperty("recordedEpisodes").EnumerateObject());

        await engine.Publish(id, Engine.Reading("2021-07-21T05:20:00+08:00", 4, 0)); // the all-clear now older than the lateness
        var settled = await Eventually.Get(Stored, s => !s.GetProperty("recordedEpisodes").EnumerateObject().Any(), TimeSpan.FromSeconds(15), "the episode let go");
        Assert.Empty(settled.GetProperty("ruleState").GetProperty("settledChanges").EnumerateArray());
        Assert.Equal("ended", (await engine.Warnings()).Single().GetProperty("status").GetString());
    }
}
