using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MQTTnet;
using MQTTnet.Protocol;
using Warning.Ingest.Security;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Security;

/// <summary>
/// 100,000 generated bad messages — wrong types, huge and tiny numbers, NaN, deep and huge JSON, invalid UTF-8, wrong
/// topics, unknown sensors, another device's topic — interleaved with good ones, through MQTT (logged-in devices) and
/// HTTP: the engine stays up, its memory bounded, every bad one is counted by reason, every good one stored once.
/// </summary>
public sealed partial class FuzzTests(ITestOutputHelper output)
{
    private const int Devices = 20;
    private const int BadOverMqtt = 80_000;
    private const int BadOverHttp = 20_000;
    private const int GoodPerDevice = 100;
    private static readonly DateTimeOffset Start = new(2021, 7, 1, 0, 0, 0, TimeSpan.FromHours(8));

    private static string Secret(int device) => $"fuzz-device-secret-{device:D2}";

    private static string Id(int device) => $"FZ-{device:D2}";

    [Fact]
    public async Task Bad_input_is_refused_and_counted_while_every_good_reading_is_stored_once()
    {
        await using var influx = await InfluxServer.StartNew();
        var registry = string.Concat(Enumerable.Range(0, Devices).Select(d =>
            $"- {{ id: {Id(d)}, kind: rain, name: fuzz {d}, region: \"620522\", ruleset: cma-rainstorm, credential: \"{DeviceCredential.Hash(Secret(d))}\" }}\n"));
        // As in production: devices log in to the broker, the API wants a key (an admin's here: it posts and reads).
        var key = Warning.Api.Security.ApiKeyHash.NewKey();
        await using var engine = await Engine.Start(influx.Url, registry: registry,
            settings: ["--Mqtt:AllowAnonymous=false", "--Api:Auth:AnonymousRole=none", "--Api:Auth:Keys:0:Name=fuzz", "--Api:Auth:Keys:0:Role=admin",
                $"--Api:Auth:Keys:0:Hash={Warning.Api.Security.ApiKeyHash.Of(key)}",
                "--Api:IngestPerSensorPerSecond=1000000", "--Api:IngestPerClientPerSecond=1000000", "--Logging:LogLevel:Default=Error"]);
        engine.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var random = new Random(20210720);
        using var self = Process.GetCurrentProcess();
        var baseline = self.WorkingSet64;
        long peak = baseline;
        var clock = Stopwatch.StartNew();

        var clients = new List<IMqttClient>();
        for (var d = 0; d < Devices; d++)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", engine.MqttPort)
                .WithClientId($"fuzz-{d}").WithCredentials(Id(d), Secret(d)).Build());
            clients.Add(client);
        }

        // Good readings are spread through the bad ones: each device sends its next good reading every so often.
        var good = new int[Devices];
        var sentBad = 0;
        for (var i = 0; i < BadOverMqtt; i++)
        {
            var d = i % Devices;
            var (topic, payload) = BadMqtt(random, d);
            await clients[d].PublishAsync(Message(topic, payload));
            sentBad++;
            if (i % (BadOverMqtt / (GoodPerDevice * Devices / 2)) == 0)
            {
                var g = (i / (BadOverMqtt / (GoodPerDevice * Devices / 2))) % Devices;
                var taken = await clients[g].PublishAsync(Message(Topic(g), Good(g, good[g]++)));
                Assert.True(taken.IsSuccess, $"a good reading refused: {taken.ReasonCode}");
            }
            if (i % 5000 == 0) peak = Math.Max(peak, Sample(self));
        }
        for (var i = 0; i < BadOverHttp; i++)
        {
            var d = i % Devices;
            using var bad = i % 10 == 0
                ? await engine.Http.PostAsync("/api/sensors/FZ-UNKNOWN/telemetry", new ByteArrayContent(Good(d, 0)))
                : await engine.Http.PostAsync($"/api/sensors/{Id(d)}/telemetry", new ByteArrayContent(BadBody(random)));
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
            sentBad++;
            if (i % (BadOverHttp / (GoodPerDevice * Devices / 2)) == 0)
            {
                var g = (i / (BadOverHttp / (GoodPerDevice * Devices / 2))) % Devices;
                using var ok = await engine.Http.PostAsync($"/api/sensors/{Id(g)}/telemetry", new ByteArrayContent(Good(g, good[g]++)));
                Assert.True(ok.IsSuccessStatusCode, await ok.Content.ReadAsStringAsync());
            }
            if (i % 5000 == 0) peak = Math.Max(peak, Sample(self));
        }
        foreach (var client in clients) client.Dispose();
        var sentGood = good.Sum();

        // Every bad one counted by reason (the metric sums what was dead-lettered or refused), every good one stored once.
        var byReason = await Eventually.Get(async () => Rejected(await engine.Http.GetStringAsync("/metrics")),
            r => r.Values.Sum() >= sentBad, TimeSpan.FromSeconds(30), $"{sentBad} rejections counted");
        Assert.Equal(sentBad, byReason.Values.Sum());
        await Eventually.Until(async () => await Stored(influx) == sentGood, TimeSpan.FromSeconds(30), $"{sentGood} good readings stored");
        Assert.Equal(sentGood, await Stored(influx));
        var sensors = (await engine.Http.GetFromJsonAsync<List<JsonElement>>("/api/sensors"))!;
        Assert.Equal(sentGood, sensors.Sum(s => s.GetProperty("readings").GetInt64()));
        Assert.True((await engine.Http.GetAsync("/readyz")).IsSuccessStatusCode, "the engine is still ready");
        peak = Math.Max(peak, Sample(self));

        output.WriteLine($"{sentBad:N0} bad and {sentGood:N0} good messages in {clock.Elapsed.TotalSeconds:0.0} s; peak working set {peak / 1048576:N0} MiB (from {baseline / 1048576:N0} MiB)");
        foreach (var (reason, count) in byReason.OrderByDescending(r => r.Value)) output.WriteLine($"  {reason}: {count:N0}");
        Assert.True(peak - baseline < 1024L * 1024 * 1024, $"working set grew by {(peak - baseline) / 1048576} MiB");
        foreach (var reason in new[] { "wrong-type", "malformed-json", "oversize", "not-finite", "unknown-sensor", "forbidden-topic", "missing-field", "bad-timestamp" })
            Assert.True(byReason.GetValueOrDefault(reason) > 0, $"no rejection counted as {reason}");
    }

    private static (string Topic, byte[] Payload) BadMqtt(Random random, int device)
    {
        var other = (device + 1 + random.Next(Devices - 1)) % Devices;
        return random.Next(6) switch
        {
            0 => ($"sensors/rain/{Id(other)}/telemetry", Good(other, 10_000 + random.Next(1000))),   // another device's topic
            1 => ($"sensors/rain/{Id(device)}/telemetry/extra", Good(device, 0)),                    // not a sensor topic
            2 => ($"sensors/rain/{Id(device)}x/telemetry", Good(device, 0)),                          // its own id, mistyped
            _ => (Topic(device), BadBody(random)),
        };
    }

    private static byte[] BadBody(Random random)
    {
        var ts = Start.ToString("O", CultureInfo.InvariantCulture);
        return random.Next(12) switch
        {
            0 => Utf8($$$"""{"ts":"{{{ts}}}","values":{"rain_mm":"abc"}}"""),
            1 => Utf8($$$"""{"ts":"{{{ts}}}","values":{"rain_mm":1e999}}"""),
            2 => Utf8($$$"""{"ts":"{{{ts}}}","values":{"rain_mm":"NaN"}}"""),
            3 => Utf8($$$"""{"ts":"{{{ts}}}","values":{"rain_mm":NaN}}"""),
            4 => Utf8(new string('[', 100 + random.Next(1000)) + new string(']', 100)),
            5 => Utf8($$$"""{"ts":"{{{ts}}}","values":{"rain_mm":1.0},"pad":"{{{new string('x', 17_000 + random.Next(10_000))}}}"}"""),
            6 => [0x7b, 0x22, 0x74, 0x73, 0x22, 0x3a, 0xff, 0xfe, 0xc3, 0x28, 0x7d],
            7 => Utf8("""{"values":{"rain_mm":1.0}}"""),
            8 => Utf8("""{"ts":"not a time","values":{"rain_mm":1.0}}"""),
            9 => Utf8($$$"""{"ts":"{{{ts}}}","values":{"rain_mm":[1,2,3]}}"""),
            10 => Utf8($$$"""{"ts":"{{{ts}}}","values":"{{{random.Next()}}}"}"""),
            _ => Utf8(random.Next(3) switch { 0 => "", 1 => "null", _ => "42" }),
        };
    }

    private static byte[] Good(int device, int n) =>
        Utf8(Engine.Reading(Start.AddMinutes(5 * n).ToString("O", CultureInfo.InvariantCulture), n, 0.1 * (n % 5)));

    private static string Topic(int device) => $"sensors/rain/{Id(device)}/telemetry";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static MqttApplicationMessage Message(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static long Sample(Process self)
    {
        self.Refresh();
        return self.WorkingSet64;
    }

    private static Dictionary<string, long> Rejected(string metrics)
    {
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match m in RejectedLine().Matches(metrics))
        {
            var reason = m.Groups["reason"].Value;
            byReason[reason] = byReason.GetValueOrDefault(reason) + (long)double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        }
        return byReason;
    }

    [GeneratedRegex("""^warning_ingest_rejected_total\{[^}]*reason="(?<reason>[^"]+)"[^}]*\} (?<n>[0-9.e+]+)""", RegexOptions.Multiline)]
    private static partial Regex RejectedLine();

    private static async Task<long> Stored(InfluxServer influx)
    {
        var rows = await influx.Query("SELECT count(\"rain_mm\") FROM \"rain\"");
        return rows.Count == 0 ? 0 : rows[0][1].GetInt64();
    }
}
