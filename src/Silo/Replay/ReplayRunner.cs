using Warning.Records.Warnings;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Warning.Grains.Forecasts;
using Warning.Grains.Telemetry;
using Warning.Grains.Warnings;
using Warning.Ingest.DeadLetters;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Registry;
using Warning.Silo.Hosting;

namespace Warning.Silo.Replay;

/// <summary>
/// Runs a recorded season through the same engine as live operation — the same registry, ingest, grains and rules —
/// in a private silo with its own temporary state, storage switched off and every warning marked as an exercise.
/// Readings go in event-time order, straight to the pipeline or through the embedded broker, so the warnings depend on
/// the data only, never on the speed: within one event time, sensors that no other sensor's rule listens to go first
/// (concurrently under <c>--max</c> straight to the pipeline: their order cannot matter), then the others one by one
/// in id order (see <see cref="ReplayOrder"/>).
/// </summary>
public static class ReplayRunner
{
    public static async Task<ReplayReport> Run(ReplaySettings settings, TextWriter progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        // With forecast rows the season runs twice: observed only, then forecast-driven — the skill side by side.
        var withForecasts = HasForecasts(settings.Input);
        var observedOnly = withForecasts ? await RunPass(settings, progress, forecasts: false, ct) : null;
        var pass = await RunPass(settings, progress, forecasts: true, ct);
        var skill = ReplaySkill.Compute(pass.Truth, (observedOnly ?? pass).Warnings, withForecasts ? pass.Warnings : null);
        var report = new ReplayReport(settings.Input, pass.Readings, pass.Rejected, Math.Round(clock.Elapsed.TotalSeconds, 3), pass.Warnings, pass.Problems, skill);
        if (settings.Html is { } html)
        {
            await File.WriteAllTextAsync(html, HtmlReport.Render(report, pass.Series, pass.Sensors), ct);
        }
        return report;
    }

    /// <summary>Whether a CSV input carries forecast rows (kind <c>forecast</c>).</summary>
    public static bool HasForecasts(string input)
    {
        if (input.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) return false;
        // The bytes searched as they are (a scale season is gigabytes; decoding it into lines took seconds).
        var needle = Encoding.UTF8.GetBytes($",{ReplayInput.ForecastKind},");
        using var file = File.OpenRead(input);
        var buffer = new byte[1 << 20];
        var kept = 0;
        int read;
        while ((read = file.Read(buffer, kept, buffer.Length - kept)) > 0)
        {
            var filled = kept + read;
            if (buffer.AsSpan(0, filled).IndexOf(needle) >= 0) return true;
            // The last bytes may be the start of a match the next read completes.
            kept = Math.Min(needle.Length - 1, filled);
            buffer.AsSpan(filled - kept, kept).CopyTo(buffer);
        }
        return false;
    }

    private sealed record Pass(
        long Readings, long Rejected, List<ReplayWarning> Warnings, List<string> Problems,
        Dictionary<string, ReplaySeries> Series, Dictionary<string, Warning.Rules.Skill.ObservedEpisodes> Truth, Dictionary<string, Warning.Grains.Sensors.SensorDefinition> Sensors);

    private static async Task<Pass> RunPass(ReplaySettings settings, TextWriter progress, bool forecasts, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var dataDir = Directory.CreateTempSubdirectory("warning-replay-").FullName;
        var mqttPort = FreePorts.Next();
        var app = WarningHost.Build(
        [
            $"--Api:Url=http://127.0.0.1:{FreePorts.Next()}",
            $"--Mqtt:Port={mqttPort}",
            "--Mqtt:ExternalBroker=", // its own embedded broker, even where the environment names a shared one
            "--Mqtt:AllowAnonymous=true", // the replay itself is the only publisher
            "--Api:Auth:AnonymousRole=none", // and nobody needs its API
            "--Mqtt:PerSensorPerSecond=0", // a season at any speed
            $"--Data:Dir={dataDir}",
            "--Data:FlushToDisk=false",
            $"--Registry:File={Path.GetFullPath(settings.Registry)}",
            $"--Cluster:SiloPort={FreePorts.Next()}",
            $"--Cluster:GatewayPort={FreePorts.Next()}",
            "--Influx:Enabled=false",
            "--Ingest:Acknowledge=evaluated", // through MQTT, each step's readings evaluated before the next step's are sent
            "--Warnings:Exercise=true",
            "--Warnings:ApprovalTimeout=3650.00:00:00", // no operator in a replay: nothing is released by the clock
            "--Liveness:MinOfflineAfter=7.00:00:00",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Orleans=Error",
            // What the replay's own engine logs goes to stderr: stdout is the replay's (and tune's table) alone.
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
        ]);
        try
        {
            await app.StartAsync(ct);
            var pipeline = app.Services.GetRequiredService<IngestPipeline>();
            var deadLetters = app.Services.GetRequiredService<DeadLetterStore>();
            var input = new ReplayInput(settings.Input, settings.From, settings.To);
            var size = new FileInfo(settings.Input).Length;
            using var mqtt = settings.Via == "mqtt" ? await Connect(mqttPort, ct) : null;

            var registry = app.Services.GetRequiredService<SensorRegistry>();
            var order = new ReplayOrder(registry);
            var series = new Dictionary<string, ReplaySeries>(StringComparer.Ordinal);
            var truth = new Dictionary<string, Warning.Rules.Skill.ObservedEpisodes?>(StringComparer.Ordinal);
            var concurrent = mqtt is null && settings.Speed is null;
            // Straight to the grains as fast as they go: chunks of event time, one call per sensor a chunk, the next chunk
            // read while the grains take the last (ReplayChunker says what keeps the order the report depends on).
            var chunker = concurrent ? new ReplayChunker(order.Role, order.TakesForecasts, settings.Batch, ReplaySettings.ChunkReadings) : null;
            var taking = Task.CompletedTask;
            var chunks = 0L;
            var none = new List<(string Kind, Reading Reading)>();
            long readings = 0;
            DateTimeOffset? firstTs = null;
            var lastReport = clock.Elapsed;
            foreach (var read in input.ReadGroups())
            {
                ct.ThrowIfCancellationRequested();
                var group = read;
                var ts = group[0].Reading.Ts;
                firstTs ??= ts;
                if (settings.Speed is { } speed) await Pace(ts - firstTs.Value, speed, clock, ct);
                var issues = none;
                if (group[^1].Kind == ReplayInput.ForecastKind)
                {
                    // The issues come after the readings of their time (ReplayInput).
                    var first = group.FindIndex(g => g.Kind == ReplayInput.ForecastKind);
                    issues = group.GetRange(first, group.Count - first);
                    group = group.GetRange(0, first);
                }
                if (settings.Html is not null) Collect(series, group);
                Truth(truth, registry, group);
                if (chunker is not null)
                {
                    if (chunker.Add(group, forecasts ? issues : none) is { } chunk)
                    {
                        await taking;
                        taking = Take(pipeline, settings, chunk);
                        chunks++;
                    }
                }
                else
                {
                    var (independent, dependent) = order.Split(group);
                    foreach (var (kind, reading) in independent) await Submit(pipeline, mqtt, settings.Input, kind, reading, ct);
                    foreach (var (kind, reading) in dependent) await Submit(pipeline, mqtt, settings.Input, kind, reading, ct);
                    if (forecasts)
                    {
                        foreach (var (_, issue) in issues) await SubmitForecast(pipeline, mqtt, settings.Input, issue, ct);
                    }
                }
                readings += group.Count;
                if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(2))
                {
                    lastReport = clock.Elapsed;
                    var rate = readings / clock.Elapsed.TotalSeconds;
                    var eta = input.Read > 0 ? TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds * Math.Max(0, size - input.Read) / input.Read) : TimeSpan.Zero;
                    await progress.WriteLineAsync($"replay: {readings:N0} readings, {rate:N0}/s, event time {ts:yyyy-MM-dd HH:mm}, ETA {eta:hh\\:mm\\:ss}");
                }
            }
            await taking;
            if (chunker?.Flush() is { } rest)
            {
                await Take(pipeline, settings, rest);
                chunks++;
            }
            if (chunker is not null) await progress.WriteLineAsync($"replay: {readings:N0} readings in {chunks:N0} chunks of event time (at most {settings.Batch} steps each)");

            var warnings = (await app.Services.GetRequiredService<WarningStore>().All(new WarningQuery()))
                .Where(w => w.Status != WarningStatus.Cancelled)
                .SelectMany(ReplayWarning.From)
                .OrderBy(w => w.Onset).ThenBy(w => w.SensorId, StringComparer.Ordinal).ThenBy(w => w.Level, StringComparer.Ordinal)
                .ToList();
            var problems = input.Problems.Concat(deadLetters.Recent(DeadLetterStore.KeptInMemory).Reverse().Select(d => $"{d.SensorId}: {d.Reason}: {d.Error}")).ToList();
            return new Pass(readings, input.Problems.Count + deadLetters.Count, warnings, problems, series,
                truth.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!, StringComparer.Ordinal), registry.All.ToDictionary(s => s.Id));
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// One chunk: every independent sensor's run at once (its readings in one call, its forecast issues between them in
    /// order), then the chunk's dependent readings and last forecasts one by one. <c>--batch 1</c> hands each reading on
    /// by itself, as the replay did before chunks.
    /// </summary>
    private static async Task Take(IngestPipeline pipeline, ReplaySettings settings, ReplayChunk chunk)
    {
        await Task.WhenAll(chunk.Runs.Select(run => TakeRun(pipeline, settings, run)));
        foreach (var (kind, item) in chunk.InOrder)
        {
            if (kind == ReplayInput.ForecastKind) await pipeline.SubmitForecastAsync(IngestSource.Replay, settings.Input, IssueOf(item));
            else await pipeline.SubmitReadingAsync(IngestSource.Replay, settings.Input, item);
        }
    }

    private static async Task TakeRun(IngestPipeline pipeline, ReplaySettings settings, SensorRun run)
    {
        if (settings.Batch == 1)
        {
            foreach (var (kind, item) in run.Items)
            {
                if (kind == ReplayInput.ForecastKind) await pipeline.SubmitForecastAsync(IngestSource.Replay, settings.Input, IssueOf(item));
                else await pipeline.SubmitReadingAsync(IngestSource.Replay, settings.Input, item);
            }
            return;
        }
        var batch = new List<Reading>(run.Items.Count);
        foreach (var (kind, item) in run.Items)
        {
            if (kind != ReplayInput.ForecastKind)
            {
                batch.Add(item);
                continue;
            }
            if (batch.Count > 0) await pipeline.SubmitReadingsAsync(IngestSource.Replay, settings.Input, run.SensorId, batch);
            batch = [];
            await pipeline.SubmitForecastAsync(IngestSource.Replay, settings.Input, IssueOf(item));
        }
        if (batch.Count > 0) await pipeline.SubmitReadingsAsync(IngestSource.Replay, settings.Input, run.SensorId, batch);
    }

    // The observed truth the skill is scored on, from each scored gauge's rain as read (never from the engine); null for
    // a sensor that is not scored (one look-up a reading).
    private static void Truth(Dictionary<string, Warning.Rules.Skill.ObservedEpisodes?> truth, SensorRegistry registry, List<(string Kind, Reading Reading)> group)
    {
        foreach (var (_, reading) in group)
        {
            ref var episodes = ref CollectionsMarshal.GetValueRefOrAddDefault(truth, reading.SensorId, out var known);
            if (!known && registry.TryGet(reading.SensorId, out var sensor))
            {
                using var parameters = JsonDocument.Parse(string.IsNullOrWhiteSpace(sensor.ParamsJson) ? "{}" : sensor.ParamsJson);
                if (Warning.Rules.Skill.SkillThresholds.Of(sensor.Ruleset, parameters.RootElement) is { } thresholds) episodes = new Warning.Rules.Skill.ObservedEpisodes(thresholds);
            }
            if (episodes is not null && reading.Values.TryGetValue("rain_mm", out var mm)) episodes.Add(reading.Ts, mm);
        }
    }

    /// <summary>A forecast issue of the input (metrics <c>rain_mm+{lead}</c> at the issue time) as the engine takes it.</summary>
    internal static ForecastIssue IssueOf(Reading row) => new(row.SensorId, row.Ts, "replay",
        row.Values.Select(v => new ForecastIssueStep(row.Ts + ReplayInput.LeadOf(v.Key)!.Value, v.Value)).OrderBy(s => s.Ts).ToList());

    private static async Task SubmitForecast(IngestPipeline pipeline, IMqttClient? mqtt, string origin, Reading row, CancellationToken ct)
    {
        var issue = IssueOf(row);
        if (mqtt is null)
        {
            await pipeline.SubmitForecastAsync(IngestSource.Replay, origin, issue);
            return;
        }
        await PublishForecast(mqtt, issue, ct);
    }

    internal static async Task PublishForecast(IMqttClient mqtt, ForecastIssue issue, CancellationToken ct)
    {
        var payload = JsonSerializer.Serialize(new { issued = issue.Issued, source = issue.Source, steps = issue.Steps.Select(s => new { ts = s.Ts, rain_mm = s.RainMm }) });
        await mqtt.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"forecasts/rain/{issue.SensorId}")
            .WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), ct);
    }

    private static void Collect(Dictionary<string, ReplaySeries> series, List<(string Kind, Reading Reading)> group)
    {
        foreach (var (kind, reading) in group)
        {
            if (!series.TryGetValue(reading.SensorId, out var s))
            {
                if (ReplaySeries.MainMetric(kind, reading.Values) is not { } metric) continue;
                series[reading.SensorId] = s = new ReplaySeries(metric);
            }
            if (reading.Values.TryGetValue(s.Metric, out var value)) s.Add(reading.Ts, value);
        }
    }

    private static Task Submit(IngestPipeline pipeline, IMqttClient? mqtt, string origin, string kind, Reading reading, CancellationToken ct) =>
        mqtt is null ? pipeline.SubmitReadingAsync(IngestSource.Replay, origin, reading) : Publish(mqtt, kind, reading, ct);

    internal static async Task Pace(TimeSpan eventElapsed, double speed, Stopwatch clock, CancellationToken ct)
    {
        var due = TimeSpan.FromTicks((long)(eventElapsed.Ticks / speed));
        if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, ct);
    }

    internal static async Task<IMqttClient> Connect(int port, CancellationToken ct, string host = "127.0.0.1")
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId($"replay-{Guid.NewGuid():N}").Build(), ct);
        return client;
    }

    internal static async Task Publish(IMqttClient client, string kind, Reading reading, CancellationToken ct)
    {
        var payload = JsonSerializer.Serialize(new { ts = reading.Ts, values = reading.Values });
        await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"sensors/{kind}/{reading.SensorId}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), ct);
    }
}
