using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>Bad input is counted per reason and dead-lettered; good readings around it are all taken.</summary>
public sealed class BadInputTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Each_bad_message_is_counted_and_kept_and_good_ones_in_between_are_stored()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url);
        const string id = Engine.GaugeId;
        var good = 0;
        async Task Good() => await engine.Publish(id, Engine.Reading($"2021-07-20T{10 + good:00}:00:00+08:00", ++good, 1));

        var bad = new (string Reason, string SensorId, string Payload)[]
        {
            ("malformed-json", id, """{"ts": "2021-07-20T10:00:00+08:00", "values": {"""),
            ("wrong-type", id, """{"ts": "2021-07-20T10:00:00+08:00", "values": {"rain_mm": "12"}}"""),
            ("not-finite", id, """{"ts": "2021-07-20T10:00:00+08:00", "values": {"rain_mm": NaN}}"""),
            ("unknown-sensor", "NOBODY-01", Engine.Reading("2021-07-20T10:00:00+08:00", 1, 1)),
            ("oversize", id, $$"""{"ts": "2021-07-20T10:00:00+08:00", "values": {"rain_mm": 1}, "pad": "{{new string('x', 17 * 1024)}}"}"""),
            ("bad-timestamp", id, """{"ts": "2021-07-20 10:00", "values": {"rain_mm": 1}}"""),
            ("future-timestamp", id, """{"ts": "2999-01-01T00:00:00Z", "values": {"rain_mm": 1}}"""),
        };
        await Good();
        foreach (var (_, sensorId, payload) in bad)
        {
            await engine.Publish(sensorId, payload);
            await Good();
        }

        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", id) == good, Wait, $"all {good} good readings stored");
        var metrics = await Eventually.Get(engine.Metrics,
            m => bad.All(b => PrometheusText.Value(m, "warning_ingest_rejected_total", $"reason=\"{b.Reason}\"") == 1), Wait, "one rejection per reason");
        Assert.Equal(good, PrometheusText.Value(metrics, "warning_ingest_accepted_total"));

        var letters = (await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/deadletters"))!;
        Assert.Equal(bad.Select(b => b.Reason).Order(), letters.Select(l => l.GetProperty("reason").GetString()!).Order());
        var wrongType = letters.Single(l => l.GetProperty("reason").GetString() == "wrong-type");
        Assert.Equal("$.values.rain_mm", wrongType.GetProperty("field").GetString());
        Assert.Contains("\"12\"", wrongType.GetProperty("payload").GetString());
        Assert.True(File.Exists(Path.Combine(engine.DataDir, "deadletters.jsonl")));
    }

    [Fact]
    public async Task Http_ingestion_answers_400_naming_the_field_and_takes_the_good_items_of_an_array()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url);
        var body = $"[{Engine.Reading("2021-07-20T10:00:00+08:00", 1, 1)}, {{\"ts\": \"2021-07-20T11:00:00+08:00\", \"values\": {{\"rain_mm\": true}}}}, {Engine.Reading("2021-07-20T12:00:00+08:00", 3, 1)}]";

        var response = await engine.Http.PostAsync($"/api/sensors/{Engine.GaugeId}/telemetry", new StringContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("$[1].values.rain_mm", error.GetProperty("field").GetString());
        Assert.Equal("expected a number, got True", error.GetProperty("error").GetString());
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", Engine.GaugeId) == 2, Wait, "the 2 good items stored");
    }

    [Fact]
    public async Task A_reading_on_another_kind_s_topic_is_refused_as_kind_mismatch_and_the_next_correct_one_is_taken()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url);
        const string id = Engine.GaugeId;

        await engine.Publish(id, Engine.Reading("2021-07-20T10:00:00+08:00", 1, 1), kind: "landslide");
        await engine.Publish(id, Engine.Reading("2021-07-20T11:00:00+08:00", 2, 1));

        await Eventually.Until(async () => await influx.Count("rain", "rain_mm", id) == 1, Wait, "the correct reading stored");
        var metrics = await Eventually.Get(engine.Metrics, m => PrometheusText.Value(m, "warning_ingest_rejected_total", "reason=\"kind-mismatch\"") == 1, Wait, "one kind-mismatch counted");
        Assert.Equal(1, PrometheusText.Value(metrics, "warning_ingest_accepted_total"));
        var letter = Assert.Single((await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/deadletters"))!);
        Assert.Equal("kind-mismatch", letter.GetProperty("reason").GetString());
        Assert.Equal("topic", letter.GetProperty("field").GetString());
        Assert.Equal($"sensors/landslide/{id}/telemetry", letter.GetProperty("origin").GetString());
        Assert.Contains("\"seq\":1", letter.GetProperty("payload").GetString());
        var stored = await influx.Query($"SELECT rain_mm FROM rain WHERE sensor = '{id}'");
        Assert.Equal(new DateTimeOffset(2021, 7, 20, 11, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds(), Assert.Single(stored)[0].GetInt64());
    }
}
