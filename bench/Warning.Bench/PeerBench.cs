using System.Text.Encodings.Web;
using System.Text.Json;
using MQTTnet;

namespace Warning.Bench;

/// <summary>
/// The peer comparison: the engine's telemetry through mosquitto → prometheus-mqtt-exporter → Prometheus (the red
/// 3-hour rainfall rule in PromQL) → Alertmanager → a local webhook, timed from publish to the webhook POST, with
/// Prometheus and Alertmanager in their default settings and in their most aggressive ones. Each sample is one reading
/// that crosses red on its own, from a sensor never seen before, so it opens a fresh alert group (see
/// <c>bench/peer/README.md</c> for why that is the equivalent measurement and where it is not).
/// </summary>
public sealed class PeerBench(bool quick, TextWriter progress)
{
    private const string RedAlert = "RainRed";

    /// <summary>Above red's 100 mm in 3 hours in one reading, so one scrape carries the whole crossing.</summary>
    private const double CrossingReadingMm = 120;

    /// <summary>Far above the default pipeline's worst case (1 m scrape + 1 m evaluation + 30 s group wait).</summary>
    private static readonly TimeSpan SampleDeadline = TimeSpan.FromMinutes(5);

    private sealed record Setting(string Name, int Samples, bool WarmUp);

    /// <param name="Fired">When Prometheus's rule evaluation found the alert firing (its <c>startsAt</c>).</param>
    private sealed record Sample(string Sensor, double Phase, DateTimeOffset Published, DateTimeOffset Fired, DateTimeOffset Notified)
    {
        public double Milliseconds => Ms(Notified - Published);
        public double PrometheusMilliseconds => Ms(Fired - Published);
        public double AlertmanagerMilliseconds => Ms(Notified - Fired);
        private static double Ms(TimeSpan span) => Math.Round(span.TotalMilliseconds, 1);
    }

    public async Task<IReadOnlyList<Figure>> Run(string resultsDir, string stamp, CancellationToken ct)
    {
        if (PeerStack.Missing() is { Count: > 0 } missing)
            throw new InvalidOperationException($"bench: the peer comparison needs {string.Join(", ", missing)}; install them with: apt-get install prometheus prometheus-alertmanager prometheus-mqtt-exporter mosquitto");
        var templates = Templates();
        // The aggressive setting first: it takes seconds, the default one minutes.
        // The default settings take two minutes a sample by design (1 min scrape, 1 min evaluation, 30 s group wait):
        // the full run only, so --quick stays under five minutes.
        Setting[] settings = quick ? [new("aggressive", 5, WarmUp: true)] : [new("aggressive", 10, WarmUp: true), new("default", 1, WarmUp: false)];
        var measured = new List<(Setting Setting, IReadOnlyList<Sample> Samples)>();
        foreach (var setting in settings) measured.Add((setting, await Measure(templates, setting, ct)));

        var path = Path.Combine(resultsDir, $"peer-{stamp}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
        {
            benchmark = "peer",
            when = DateTimeOffset.UtcNow,
            machine = new { Environment.ProcessorCount, os = Environment.OSVersion.ToString() },
            pipeline = "publish (QoS 1) → mosquitto → prometheus-mqtt-exporter → Prometheus scrape → rule evaluation → Alertmanager → webhook POST",
            rule = $"{RedAlert}: sum by (sensor) (sum_over_time(rain_mm[3h])) >= 100",
            crossingReadingMm = CrossingReadingMm,
            versions = await PeerStack.Versions(ct),
            settings = measured.Select(m => new
            {
                name = m.Setting.Name,
                templates = Path.Combine("bench/peer", m.Setting.Name),
                minMs = m.Samples.Min(s => s.Milliseconds),
                p50Ms = Median(m.Samples),
                maxMs = m.Samples.Max(s => s.Milliseconds),
                p50PublishToFiringMs = Median(m.Samples.Select(s => s.PrometheusMilliseconds)),
                p50FiringToWebhookMs = Median(m.Samples.Select(s => s.AlertmanagerMilliseconds)),
                samples = m.Samples.Select(s => new
                {
                    sensor = s.Sensor, scrapePhase = s.Phase, published = s.Published, fired = s.Fired, notified = s.Notified, ms = s.Milliseconds,
                    publishToFiringMs = s.PrometheusMilliseconds, firingToWebhookMs = s.AlertmanagerMilliseconds,
                }),
            }),
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), ct);
        await progress.WriteLineAsync($"bench: peer samples → {path}");

        return measured.SelectMany(m => new Figure[]
        {
            new($"peer publish → Alertmanager webhook, {m.Setting.Name} settings, min", m.Samples.Min(s => s.Milliseconds), "ms"),
            new($"peer publish → Alertmanager webhook, {m.Setting.Name} settings, p50", Median(m.Samples), "ms"),
            new($"peer publish → Alertmanager webhook, {m.Setting.Name} settings, max", m.Samples.Max(s => s.Milliseconds), "ms"),
        }).ToList();
    }

    /// <summary>
    /// How many times faster the engine's publish → webhook is than the peer's publish → Alertmanager webhook (p50
    /// against p50; the engine's figure under its lightest measured load, the peer's with no load at all).
    /// </summary>
    public static IEnumerable<Figure> SideBySide(IReadOnlyList<Figure> peer, LatencyBench.Outcome engine)
    {
        foreach (var setting in new[] { "default", "aggressive" })
        {
            if (peer.FirstOrDefault(f => f.Name == $"peer publish → Alertmanager webhook, {setting} settings, p50") is { } p50)
                yield return new Figure($"speed-up: peer ({setting} settings) p50 ÷ engine publish → webhook p50 at {engine.OfferedPerSecond:N0} readings/s",
                    p50.Value, "ms", "engine publish → public warning at a webhook, p50", engine.Webhook.P50);
        }
    }

    private async Task<IReadOnlyList<Sample>> Measure(string templates, Setting setting, CancellationToken ct)
    {
        await progress.WriteLineAsync($"bench: peer, {setting.Name} settings: starting mosquitto, exporter, Prometheus, Alertmanager");
        await using var webhook = new AlertWebhook(RedAlert);
        await using var stack = await PeerStack.Start(templates, setting.Name, webhook.Url, ct);
        using var publisher = await stack.Publisher(ct);
        // One unrecorded pass lets every hop open its connections first; at minute-scale intervals that cost is noise.
        if (setting.WarmUp) await Once(stack, publisher, webhook, $"PEER-{setting.Name}-warmup", 0.5, 0, ct);
        var samples = new List<Sample>();
        for (var i = 0; i < setting.Samples; i++)
        {
            // Publishes spread evenly over the scrape cycle: publishing right after each notification would hit the
            // same point of the cycle every time and measure one latency over and over.
            var sample = await Once(stack, publisher, webhook, $"PEER-{setting.Name}-{i + 1:D2}", (i + 0.5) / setting.Samples, i + 1, ct);
            samples.Add(sample);
            await progress.WriteLineAsync($"bench: peer, {setting.Name} settings, sample {i + 1}/{setting.Samples} at {sample.Phase:P0} of the scrape cycle: {sample.Milliseconds:N0} ms (publish → firing {sample.PrometheusMilliseconds:N0} ms, firing → webhook {sample.AlertmanagerMilliseconds:N0} ms)");
        }
        await publisher.DisconnectAsync(cancellationToken: ct);
        return samples;
    }

    /// <summary>Publishes one crossing reading at <paramref name="phase"/> of the scrape cycle and waits for its notification.</summary>
    private static async Task<Sample> Once(PeerStack stack, IMqttClient publisher, AlertWebhook webhook, string sensor, double phase, int seq, CancellationToken ct)
    {
        var (lastScrape, interval) = await stack.ScrapeCycle(ct);
        var at = lastScrape + interval * phase;
        while (at < DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(20)) at += interval;
        await Task.Delay(at - DateTimeOffset.UtcNow, ct);

        var notified = webhook.FirstFiring(sensor);
        var published = DateTimeOffset.UtcNow;
        await publisher.PublishAsync(PeerStack.Reading(sensor, seq, CrossingReadingMm), ct);
        try
        {
            var notification = await notified.WaitAsync(SampleDeadline, ct);
            return new Sample(sensor, Math.Round(phase, 3), published, notification.Fired, notification.Arrived);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"bench: no {RedAlert} notification for {sensor} within {SampleDeadline.TotalMinutes} minutes of its reading");
        }
    }

    private static double Median(IReadOnlyList<Sample> samples) => Median(samples.Select(s => s.Milliseconds));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : Math.Round((sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2, 1);
    }

    /// <summary><c>bench/peer</c> above the current directory (where <c>./warning bench</c> and <c>dotnet run</c> start) or the binary.</summary>
    private static string Templates()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "bench", "peer");
                if (File.Exists(Path.Combine(candidate, "rules.yml"))) return candidate;
            }
        }
        throw new DirectoryNotFoundException("bench: the peer's config templates (bench/peer) were not found above the current directory or the binary");
    }
}
