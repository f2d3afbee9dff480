using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>
/// The embedded broker takes one connection's QoS 1 publishes as they come and acknowledges each once its reading is
/// durable: a window of publishes in flight on one connection shares the reading log's syncs instead of taking one
/// sync each in turn, and every PUBACK still means the reading is stored.
/// </summary>
public sealed class EmbeddedBrokerAckTests(ITestOutputHelper output)
{
    private const int Gauges = 100;
    private const int Rounds = 10;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task One_connections_publishes_in_flight_share_syncs_and_each_PUBACK_means_stored(MqttProtocolVersion version)
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: Registry, settings: ["--Data:FlushToDisk=true"]);
        var before = PrometheusText.Value(await engine.Metrics(), "warning_influx_batches_spooled_total");

        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", engine.MqttPort).WithProtocolVersion(version)
            .WithClientId($"gateway-{Guid.NewGuid():N}"[..20]).WithTimeout(TimeSpan.FromSeconds(30)).Build());
        var start = new DateTimeOffset(2021, 7, 20, 0, 0, 0, TimeSpan.FromHours(8));
        var results = new List<MqttClientPublishResult>();
        for (var round = 0; round < Rounds; round++)
        {
            // A gateway's window: every gauge's reading of this round in flight at once on the one connection.
            results.AddRange(await Task.WhenAll(Enumerable.Range(0, Gauges).Select(g => client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic($"sensors/rain/{Gauge(g)}/telemetry")
                .WithPayload(Encoding.UTF8.GetBytes(Engine.Reading(start.AddMinutes(5 * round).ToString("yyyy-MM-ddTHH:mm:sszzz"), round, 0.1)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()))));
        }
        await client.DisconnectAsync();

        Assert.All(results, r => Assert.True(r.IsSuccess || r.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers, $"PUBACK {r.ReasonCode}"));
        // Every PUBACK came after its reading's sync, so the count is final; /metrics may answer from its scrape cache
        // (a few hundred ms) until it is read afresh.
        var syncs = await Eventually.Get(async () => PrometheusText.Value(await engine.Metrics(), "warning_influx_batches_spooled_total") - before,
            n => n > 0, TimeSpan.FromSeconds(10), "the reading log's syncs counted on /metrics");
        var readings = Gauges * Rounds;
        output.WriteLine($"MQTT {version}: {readings} readings on one connection, {Gauges} in flight: {syncs} log syncs");
        // One connection's publishes handled one at a time would take a sync each (≈ 1,000).
        Assert.True(syncs > 0 && syncs <= readings / 4, $"{syncs} reading-log syncs for {readings} readings of one connection");
        // Every acknowledged reading is in the log and reaches InfluxDB.
        await Eventually.Until(async () => await Stored(influx) == readings, TimeSpan.FromSeconds(30), $"all {readings} readings in InfluxDB");
    }

    private static string Gauge(int g) => $"ACK-RAIN-{g:D3}";

    private static async Task<long> Stored(InfluxServer influx)
    {
        long total = 0;
        for (var g = 0; g < Gauges; g++) total += await influx.Count("rain", "rain_mm", Gauge(g));
        return total;
    }

    private static string Registry => string.Concat(Enumerable.Range(0, Gauges).Select(g => $"""
        - id: {Gauge(g)}
          kind: rain
          name: 应答测试雨量站{g:D3}
          region: "620522"
          areas: ["620522100201"]
          ruleset: cma-rainstorm

        """));
}
