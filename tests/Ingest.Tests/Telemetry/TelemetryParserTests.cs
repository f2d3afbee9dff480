using System.Text;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Tests.Telemetry;

public sealed class TelemetryParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static (Grains.Telemetry.Reading?, Rejection?) Parse(string json) =>
        TelemetryParser.Parse("BLH-RAIN-01", Encoding.UTF8.GetBytes(json), Now);

    [Fact]
    public void A_contract_payload_becomes_a_reading_with_its_event_time()
    {
        var (reading, rejection) = Parse("""{"ts": "2021-07-20T16:00:00+08:00", "seq": 1842, "values": {"rain_mm": 12.4, "level_m": 3}}""");
        Assert.Null(rejection);
        Assert.Equal(new DateTimeOffset(2021, 7, 20, 16, 0, 0, TimeSpan.FromHours(8)), reading!.Ts);
        Assert.Equal(1842, reading.Seq);
        Assert.Equal(12.4, reading.Values["rain_mm"]);
        Assert.Equal(3, reading.Values["level_m"]);
    }

    [Theory]
    [InlineData("""{"ts": "2021-07-20T16:00:00+08:00", "values": {""", RejectReason.MalformedJson, "$")]
    [InlineData("""{"ts": "2021-07-20T16:00:00+08:00", "values": {"rain_mm": NaN}}""", RejectReason.NotFinite, "$")]
    [InlineData("""{"ts": "2021-07-20T16:00:00+08:00", "values": {"rain_mm": 1e999}}""", RejectReason.NotFinite, "$.values.rain_mm")]
    [InlineData("""{"ts": "2021-07-20T16:00:00+08:00", "values": {"rain_mm": "1"}}""", RejectReason.WrongType, "$.values.rain_mm")]
    [InlineData("""{"ts": "2021-07-20T16:00:00+08:00", "seq": 1.5, "values": {"rain_mm": 1}}""", RejectReason.WrongType, "$.seq")]
    [InlineData("""{"ts": 1626768000, "values": {"rain_mm": 1}}""", RejectReason.WrongType, "$.ts")]
    [InlineData("""{"ts": "2021-07-20T16:00:00", "values": {"rain_mm": 1}}""", RejectReason.BadTimestamp, "$.ts")]
    [InlineData("""{"ts": "2026-11-24T00:00:01Z", "values": {"rain_mm": 1}}""", RejectReason.FutureTimestamp, "$.ts")]
    [InlineData("""{"values": {"rain_mm": 1}}""", RejectReason.MissingField, "$.ts")]
    [InlineData("""{"ts": "2021-07-20T16:00:00Z", "values": {}}""", RejectReason.MissingField, "$.values")]
    [InlineData("""[1, 2]""", RejectReason.WrongType, "$")]
    public void Bad_payloads_are_refused_naming_reason_and_field(string json, string reason, string field)
    {
        var (reading, rejection) = Parse(json);
        Assert.Null(reading);
        Assert.Equal((reason, field), (rejection!.Reason, rejection.Field));
    }

    [Fact]
    public void One_day_ahead_is_still_taken_but_not_more()
    {
        Assert.Null(Parse("""{"ts": "2026-11-24T00:00:00Z", "values": {"rain_mm": 1}}""").Item2);
    }

    [Fact]
    public void Payloads_over_16_KiB_are_oversize()
    {
        var json = $$"""{"ts": "2021-07-20T16:00:00Z", "values": {"rain_mm": 1}, "pad": "{{new string('x', 16 * 1024)}}"}""";
        Assert.Equal(RejectReason.Oversize, Parse(json).Item2!.Reason);
    }

    [Theory]
    [InlineData("sensors/rain/BLH-RAIN-01/telemetry", "rain", "BLH-RAIN-01", "telemetry")]
    [InlineData("sensors/firecam/CAM.7/status", "firecam", "CAM.7", "status")]
    public void Topics_name_kind_sensor_and_channel(string topic, string kind, string id, string channel) =>
        Assert.Equal(new SensorTopic(kind, id, channel), SensorTopic.Parse(topic));

    [Theory]
    [InlineData("sensors/rain/X/other")]
    [InlineData("devices/rain/X/telemetry")]
    [InlineData("sensors/rain/telemetry")]
    public void Other_topics_are_not_sensor_topics(string topic) => Assert.Null(SensorTopic.Parse(topic));
}
