using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace Warning.Bench;

/// <summary>
/// Publication fan-out: one village of many recipients, one gauge crossing its threshold, every SMS through the
/// durable outbox to a local gateway (no rate limit, the default concurrency of 32). The rate is taken from the first
/// to the last SMS at the gateway; the baseline is the same number of requests posted straight to that gateway by one
/// HTTP client with the same concurrency.
/// </summary>
public sealed class FanOutBench(TextWriter progress)
{
    private const string Village = "620522100201";
    private const int Concurrency = 32;

    public sealed record Outcome(int Recipients, double EngineSeconds, double PublishToLastSeconds, double GatewaySeconds)
    {
        public double EngineRate => Recipients / EngineSeconds;

        public double GatewayRate => Recipients / GatewaySeconds;
    }

    public async Task<Outcome> Run(int recipients, CancellationToken ct)
    {
        await using var gateway = await LocalGateway.Start();
        var gatewaySeconds = await GatewayAlone(gateway, recipients, ct);
        await progress.WriteLineAsync($"bench: gateway alone {recipients / gatewaySeconds:N0} requests/s");

        const string registry = $"- {{ id: FAN-RAIN-01, kind: rain, name: fan-out gauge, region: \"620522\", areas: [\"{Village}\"], ruleset: cma-rainstorm, params: {{ yellow: {{ mm: 5000 }}, orange: {{ mm: 5000 }}, red: {{ mm: 10000 }} }} }}\n";
        await using var engine = await BenchEngine.Start(registry, null, null, null, [$"--Channels:Sms:Url={gateway.Url}/sms", "--Channels:Sms:RatePerSecond=0", $"--Channels:Concurrency={Concurrency}"], ct);
        using var api = new HttpClient { BaseAddress = engine.Api, Timeout = TimeSpan.FromMinutes(2) };
        var roster = Enumerable.Range(1, recipients).Select(i => new
        {
            id = $"villager-{i:D6}", name = $"村民{i}", phone = $"+86139{i:D8}", areas = new[] { Village }, roles = new[] { "villager" }, channels = new[] { "sms" }, minLevel = "blue",
        });
        (await api.PutAsJsonAsync("/api/recipients", roster, ct)).EnsureSuccessStatusCode();

        var before = gateway.Count;
        using var mqtt = new MqttClientFactory().CreateMqttClient();
        await mqtt.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", engine.MqttPort).WithClientId("bench-fan-out").Build(), ct);
        var published = Stopwatch.GetTimestamp();
        await mqtt.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("sensors/rain/FAN-RAIN-01/telemetry").WithPayload(MqttLoad.RainReading(DateTimeOffset.UtcNow, 1, 60))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
        await Until.True(() => gateway.Count - before >= recipients, TimeSpan.FromMinutes(5), $"{recipients:N0} SMS at the gateway", ct);
        var sms = gateway.Requests.Skip(before).Where(r => r.Path == "/sms").Select(r => r.At).Order().ToArray();
        // Timed like the gateway alone: from the first message queued (its outbox row, in the version's transaction)
        // until the last reached the gateway, on the wall clock both sides share.
        var lastSms = DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(sms[^1]);
        var queued = (await api.GetFromJsonAsync<List<Warning.Publication.Outbox.PublicationRecord>>("/api/publications?channel=sms", ct))!.Min(p => p.Queued);
        var outcome = new Outcome(recipients,
            (lastSms - queued).TotalSeconds,
            Stopwatch.GetElapsedTime(published, sms[^1]).TotalSeconds,
            gatewaySeconds);
        await progress.WriteLineAsync($"bench: fan-out {recipients:N0} SMS at {outcome.EngineRate:N0} messages/s; publish → last SMS {outcome.PublishToLastSeconds:0.00} s");
        return outcome;
    }

    public static IEnumerable<Figure> Figures(Outcome o)
    {
        yield return new Figure($"fan-out, {o.Recipients:N0} SMS of one warning through the durable outbox (first queued → last at the gateway)", o.EngineRate, "messages/s", $"the same gateway alone, {Concurrency} concurrent requests", o.GatewayRate);
    }

    private static async Task<double> GatewayAlone(LocalGateway gateway, int requests, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(gateway.Url) };
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < requests; i = Interlocked.Increment(ref next))
            {
                var body = new { messageId = $"raw-{i}", to = $"+86139{i:D8}", text = "【预警】基线测试", segment = 1, segments = 1 };
                (await http.PostAsJsonAsync("/raw", body, ct)).EnsureSuccessStatusCode();
            }
        }));
        return clock.Elapsed.TotalSeconds;
    }
}
