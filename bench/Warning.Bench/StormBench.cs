using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MQTTnet;
using MQTTnet.Protocol;
using Warning.Rules.Levels;
using Warning.Rules.Rainstorm;

namespace Warning.Bench;

/// <summary>
/// A storm over a whole network: N rain gauges in N/10 villages of a few counties, ten SMS recipients per village, the
/// engine in this process with storage on (InfluxDB), its embedded broker and a local SMS gateway, approval timeout
/// 5 s. Every gauge gets one light reading (the quiet phase), then one reading that turns it red within the same
/// event-time minute (the storm), both published at QoS 1 through the same publishers: the storm's publish rate (first
/// PUBLISH to last PUBACK) is compared with the quiet rate of the same run. From the storm's last PUBACK it measures
/// how long until every sensor warning shows on <c>GET /api/warnings</c> (pending approval counts), every public
/// warning on <c>GET /api/public-warnings?active=true</c> (after the approval timeout escalates them) and every SMS at
/// the gateway (distinct message ids, against the count the public warnings' versions call for); the bytes this process
/// wrote to disk (<c>/proc/self/io</c> write_bytes: spool, grain state, warning book, outbox, records — InfluxDB is
/// another process) and the data directory's growth, per sensor-warning change (the storm warnings' history entries);
/// and memory (managed heap, working set) at the storm's peak and after every warning ended, against before the storm.
/// </summary>
public sealed partial class StormBench(string influxUrl, TextWriter progress)
{
    public const int RecipientsPerVillage = 10;

    /// <summary>Counties the villages are spread over (registry codes of the sample gauges' counties).</summary>
    private static readonly string[] Counties = ["620522", "654225", "140930", "410522"];

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SettleFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SettleSample = TimeSpan.FromSeconds(5);

    /// <summary>The storm's event-time minute (Zhengzhou, 20 July 2021): every gauge's red reading falls within it.</summary>
    private static readonly DateTimeOffset StormMinute = new(2021, 7, 20, 16, 0, 0, TimeSpan.FromHours(8));

    /// <summary>The default red threshold (RULES.md: PT3H ≥ 100 mm) and all-clear delay (PT1H), read from the ruleset.</summary>
    private static readonly RainstormThreshold Red = RainstormParams.Default.Thresholds.Single(t => t.Level == WarningLevel.Red);

    private static readonly TimeSpan ClearAfter = RainstormParams.Default.ClearAfter;

    private readonly HttpClient _influx = new() { Timeout = TimeSpan.FromMinutes(2) };

    public sealed record Outcome(
        int Gauges, int Villages, int Recipients,
        double QuietSeconds, double StormSeconds,
        double WarningsSeconds, double ReleasedSeconds, double PublicWarningsSeconds, double SmsSeconds,
        int SensorWarnings, int PublicWarnings, int PublicVersions,
        int SmsExpected, int SmsDistinct, int SmsRequests, int OutboxSmsRecords,
        int WarningChanges, IReadOnlyDictionary<string, int> HistoryActions,
        long WriteBytes, long WriteChars, long DataDirGrowth,
        double ClearSeconds, int AllClearSmsExpected, int AllClearSmsDistinct,
        long HeapBefore, long HeapPeak, long HeapAfter, long WorkingSetBefore, long WorkingSetPeak, long WorkingSetAfter)
    {
        public double QuietRate => Gauges / QuietSeconds;

        public double StormRate => Gauges / StormSeconds;

        /// <summary>The whole storm as a villager sees it: the first red reading published → the last SMS at the gateway.</summary>
        public double FirstPublishToLastSmsSeconds => StormSeconds + SmsSeconds;

        public double WriteBytesPerChange => WriteBytes / (double)WarningChanges;

        public double DataDirBytesPerChange => DataDirGrowth / (double)WarningChanges;
    }

    public async Task<Outcome> Run(int gauges, CancellationToken ct)
    {
        if (gauges < RecipientsPerVillage || gauges % RecipientsPerVillage != 0) throw new ArgumentOutOfRangeException(nameof(gauges), gauges, "a multiple of 10, at least 10");
        var villages = gauges / RecipientsPerVillage;
        var ids = Enumerable.Range(0, gauges).Select(i => $"STORM-{i:D6}").ToArray();
        var villageCodes = Enumerable.Range(0, villages).Select(Village).ToArray();
        // A tenth as many gauges again, in villages of their own, for the warm-up storm below.
        var warmGauges = Math.Max(RecipientsPerVillage, gauges / 100 * RecipientsPerVillage);
        var warmIds = Enumerable.Range(0, warmGauges).Select(i => $"WARM-{i:D6}").ToArray();
        var warmVillages = Enumerable.Range(villages, warmGauges / RecipientsPerVillage).Select(Village).ToArray();
        var stormSensors = ids.ToHashSet(StringComparer.Ordinal);
        var stormVillages = villageCodes.ToHashSet(StringComparer.Ordinal);

        const string db = "warning_bench_storm";
        (await _influx.PostAsync($"{influxUrl}/query?q={Uri.EscapeDataString($"DROP DATABASE {db}")}", null, ct)).EnsureSuccessStatusCode();
        await using var gateway = await LocalGateway.Start();
        await using var engine = await BenchEngine.Start(Registry(ids, 0) + Registry(warmIds, villages), influxUrl, db, null,
            [$"--Channels:Sms:Url={gateway.Url}/sms", "--Channels:Sms:RatePerSecond=0", "--Warnings:ApprovalTimeout=00:00:05"], ct);
        var dataDir = engine.App.Configuration["Data:Dir"] ?? throw new InvalidOperationException("the bench engine has no Data:Dir");
        using var api = new HttpClient { BaseAddress = engine.Api, Timeout = TimeSpan.FromMinutes(2) };
        (await api.PutAsJsonAsync("/api/recipients", Roster([.. villageCodes, .. warmVillages]), ct)).EnsureSuccessStatusCode();
        await progress.WriteLineAsync($"bench: storm, {gauges:N0} gauges in {villages:N0} villages, {gauges:N0} recipients; warming up");

        // Warm-up: the first reading of each gauge activates its grain and compiles the path, so both timed phases
        // below find the same engine: every grain active, new publisher connections, the spool drained.
        await Publish(engine.MqttPort, Readings([.. ids, .. warmIds], StormMinute.AddMinutes(-60), 1, _ => 0), ct);
        await Until.True(async () => await Stored(db, ct) >= gauges + warmGauges, Deadline, "the warm-up reading of every gauge stored", ct);
        // And a small storm on the warm-up gauges, red and cleared with every SMS sent, so the timed storm does not
        // pay for compiling the red path while the quiet phase runs code its warm-up already compiled.
        await WarmUpStorm(engine.MqttPort, api, gateway, warmIds, ct);

        await Idle("quiet", ct);
        var quietCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (quietPause, quietAllocated) = (GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        var quiet = await Publish(engine.MqttPort, Readings(ids, StormMinute.AddMinutes(-30), 2, _ => 1), ct);
        quietCpu = Process.GetCurrentProcess().TotalProcessorTime - quietCpu;
        (quietPause, quietAllocated) = (GC.GetTotalPauseDuration() - quietPause, GC.GetTotalAllocatedBytes() - quietAllocated);
        await Until.True(async () => await Stored(db, ct) >= 2L * gauges, Deadline, "the quiet reading of every gauge stored", ct);
        await progress.WriteLineAsync($"bench: storm, quiet phase {gauges / quiet.TotalSeconds:N0} readings/s (publish → last PUBACK), {quietCpu.TotalMilliseconds * 1000 / gauges:N0} µs CPU a reading, {quietAllocated / gauges:N0} B allocated a reading, GC paused {quietPause.TotalMilliseconds:N0} ms");

        var (heapBefore, setBefore) = await Settled(ct);
        await DumpPoint("before", ct);
        // Settled before the counters start: the engine's background while the process settles is not the storm's.
        await Idle("storm", ct);
        // The bytes are counted between two checkpoints of the records' write-ahead log: what the storm's changes cost
        // includes copying the pages they touched into the database file, whenever the engine would have done it.
        var database = engine.App.Services.GetRequiredService<Warning.Records.Database.RecordsDatabase>();
        await database.Checkpoint(ct);
        var (bytesBefore, charsBefore) = ProcessIo();
        var records = database.Writer;
        var (commitsBefore, writesBefore) = (records.Committed, records.Written);
        var dirBefore = DirectorySize(dataDir);
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pipeline = engine.App.Services.GetRequiredService<Warning.Ingest.Pipeline.IngestPipeline>();
        var sampling = Peak(() => pipeline.AwaitingDurability, stopSampling.Token);

        var stormMm = Math.Round(Red.Millimetres * 1.2);
        var stormCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (stormPause, stormAllocated) = (GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        var storm = await Publish(engine.MqttPort, Readings(ids, StormMinute, 3, i => stormMm), ct);
        var lastAck = Stopwatch.GetTimestamp();
        stormCpu = Process.GetCurrentProcess().TotalProcessorTime - stormCpu;
        (stormPause, stormAllocated) = (GC.GetTotalPauseDuration() - stormPause, GC.GetTotalAllocatedBytes() - stormAllocated);
        await progress.WriteLineAsync($"bench: storm, {gauges:N0} red readings ({stormMm} mm) at {gauges / storm.TotalSeconds:N0} readings/s (publish → last PUBACK), {stormCpu.TotalMilliseconds * 1000 / gauges:N0} µs CPU a reading, {stormAllocated / gauges:N0} B allocated a reading, GC paused {stormPause.TotalMilliseconds:N0} ms");

        var sms = new SmsTally();
        var warningsAt = PollUntil(async () => (await SensorWarnings(api, stormSensors, ct)).Visible >= gauges, $"all {gauges:N0} sensor warnings on GET /api/warnings", ct);
        var publicAt = PollUntil(async () => (await ActivePublicWarnings(api, stormVillages, ct)).Count >= villages, $"all {villages:N0} public warnings on GET /api/public-warnings", ct);
        var smsAt = sms.WhenAtLeast(gateway, gauges, Deadline, ct);
        await Task.WhenAll(warningsAt, publicAt, smsAt);
        // A public warning whose level rose in steps sends a round per version: what its versions call for.
        var (publicWarnings, versions) = await ActivePublicWarnings(api, stormVillages, ct);
        var smsExpected = versions * RecipientsPerVillage;
        var smsDone = smsExpected > gauges ? await sms.WhenAtLeast(gateway, smsExpected, Deadline, ct) : await smsAt;
        var smsDistinct = sms.Distinct(gateway);
        var smsRequests = sms.Requests;
        // A village goes public with its first escalated gauge: the writes are counted once every warning was released
        // too, so that every change they paid for is in the count they are divided by.
        var releasedAt = await PollUntil(async () => (await SensorWarnings(api, stormSensors, ct)).Released >= gauges, $"all {gauges:N0} sensor warnings released (active)", ct);
        var checkpointing = Stopwatch.StartNew();
        var (logged, copied) = await database.Checkpoint(ct);
        await progress.WriteLineAsync($"bench: storm, the records' log checkpointed after the storm: {copied:N0} of {logged:N0} pages copied in {checkpointing.ElapsedMilliseconds:N0} ms");
        var (bytesAfter, charsAfter) = ProcessIo();
        var (commits, writes) = (records.Committed - commitsBefore, records.Written - writesBefore);
        var dirAfter = DirectorySize(dataDir);
        await stopSampling.CancelAsync();
        var (heapPeak, setPeak, awaitingPeak) = await sampling;
        await progress.WriteLineAsync($"bench: storm, at most {awaitingPeak:N0} readings waited for the reading log at once (sampled every {SamplePeriod.TotalMilliseconds:N0} ms)");

        var warnings = await SensorWarnings(api, stormSensors, ct);
        var outboxSms = await OutboxSms(api, ct);
        var warningsSeconds = Stopwatch.GetElapsedTime(lastAck, await warningsAt).TotalSeconds;
        var releasedSeconds = Stopwatch.GetElapsedTime(lastAck, releasedAt).TotalSeconds;
        var publicSeconds = Stopwatch.GetElapsedTime(lastAck, await publicAt).TotalSeconds;
        var smsSeconds = Stopwatch.GetElapsedTime(lastAck, smsDone).TotalSeconds;
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"bench: storm, from the last PUBACK: {warnings.Visible:N0} sensor warnings in {warningsSeconds:0.00} s (all released in {releasedSeconds:0.00} s), {publicWarnings:N0} public warnings in {publicSeconds:0.00} s, {smsDistinct:N0} of {smsExpected:N0} SMS in {smsSeconds:0.00} s"));
        await progress.WriteLineAsync($"bench: storm, {warnings.Changes:N0} sensor-warning changes ({string.Join(", ", warnings.Actions.Select(a => $"{a.Key} {a.Value:N0}"))}): {bytesAfter - bytesBefore:N0} B written by this process, data dir grew {dirAfter - dirBefore:N0} B; {writes:N0} records writes in {commits:N0} commits");

        var clearing = Stopwatch.StartNew();
        await AllClear(engine.MqttPort, ids, ct);
        await PollUntil(async () => await ActiveWarnings(api, stormSensors, ct) == 0, "every warning ended (GET /api/warnings?active=true empty)", ct);
        var clearSeconds = clearing.Elapsed.TotalSeconds;
        // Each public warning's all-clear goes to the same people; memory is measured once they went out.
        var allClearExpected = publicWarnings * RecipientsPerVillage;
        try { await sms.WhenAtLeast(gateway, smsDistinct + allClearExpected, TimeSpan.FromMinutes(5), ct); }
        catch (TimeoutException) { await progress.WriteLineAsync("bench: storm, not every all-clear SMS reached the gateway within 5 min; memory measured anyway"); }
        var allClearDistinct = sms.Distinct(gateway) - smsDistinct;
        await progress.WriteLineAsync($"bench: storm, every warning ended {clearSeconds:0.0} s after the first all-clear reading; {allClearDistinct:N0} of {allClearExpected:N0} all-clear SMS");
        gateway.Requests.Clear();
        sms.Forget();
        var (heapAfter, setAfter) = await Settled(ct);
        await DumpPoint("after", ct);

        var outcome = new Outcome(gauges, villages, gauges,
            Math.Round(quiet.TotalSeconds, 3), Math.Round(storm.TotalSeconds, 3),
            Math.Round(warningsSeconds, 3), Math.Round(releasedSeconds, 3), Math.Round(publicSeconds, 3), Math.Round(smsSeconds, 3),
            warnings.Visible, publicWarnings, versions, smsExpected, smsDistinct, smsRequests, outboxSms,
            warnings.Changes, warnings.Actions, bytesAfter - bytesBefore, charsAfter - charsBefore, dirAfter - dirBefore,
            Math.Round(clearSeconds, 1), allClearExpected, allClearDistinct,
            heapBefore, heapPeak, heapAfter, setBefore, setPeak, setAfter);
        await progress.WriteLineAsync($"bench: storm, managed heap {heapBefore / 1e6:N0} MB before, {heapPeak / 1e6:N0} MB at peak, {heapAfter / 1e6:N0} MB after (×{heapAfter / (double)heapBefore:0.00}); working set {setBefore / 1e6:N0} / {setPeak / 1e6:N0} / {setAfter / 1e6:N0} MB");
        return outcome;
    }

    public static IEnumerable<Figure> Figures(Outcome o)
    {
        var storm = $"storm, {o.Gauges:N0} gauges red in one event-time minute";
        yield return new Figure($"{storm}, publish → last PUBACK (QoS 1, storage on)", o.StormRate, "readings/s", "quiet readings, same gauges and publishers", o.QuietRate);
        yield return new Figure($"{storm}, last PUBACK → every sensor warning on GET /api/warnings", o.WarningsSeconds, "s");
        yield return new Figure($"{storm}, last PUBACK → every sensor warning released (escalated after 5 s)", o.ReleasedSeconds, "s");
        yield return new Figure($"{storm}, last PUBACK → all {o.Villages:N0} public warnings (approval timeout 5 s)", o.PublicWarningsSeconds, "s");
        yield return new Figure($"{storm}, last PUBACK → every SMS at the gateway", o.SmsSeconds, "s");
        yield return new Figure($"{storm}, first PUBLISH → every SMS at the gateway", o.FirstPublishToLastSmsSeconds, "s");
        yield return new Figure($"{storm}, distinct SMS message ids at the gateway", o.SmsDistinct, "messages", "expected: recipients × public versions", o.SmsExpected);
        yield return new Figure($"{storm}, bytes written by the engine's process (/proc/self/io) per sensor-warning change", o.WriteBytesPerChange, "B");
        yield return new Figure($"{storm}, data directory growth per sensor-warning change (the records' write-ahead log not counted)", o.DataDirBytesPerChange, "B");
        yield return new Figure($"{storm}, managed heap at the storm's peak (sampled, not collected)", o.HeapPeak, "B", "before the storm, settled (lowest full-GC sample over 60 s)", o.HeapBefore);
        yield return new Figure($"{storm}, working set at the storm's peak", o.WorkingSetPeak, "B", "before the storm", o.WorkingSetBefore);
        yield return new Figure($"{storm}, managed heap after every warning ended, settled the same way", o.HeapAfter, "B", "before the storm, settled (lowest full-GC sample over 60 s)", o.HeapBefore);
        yield return new Figure($"{storm}, working set after every warning ended, settled the same way", o.WorkingSetAfter, "B", "before the storm", o.WorkingSetBefore);
    }

    /// <summary>Village <paramref name="v"/>: a 12-digit code (county, township, village) in one of <see cref="Counties"/>.</summary>
    private static string Village(int v) => string.Create(CultureInfo.InvariantCulture, $"{Counties[v % Counties.Length]}{100001 + v / Counties.Length:D6}");

    /// <summary>
    /// Ten gauges per village; the rainstorm rule with the default red (PT3H ≥ 100 mm) and clearAfter, and blue, yellow
    /// and orange out of reach, so a gauge's storm is one red warning (issued, escalated, ended) and its village's
    /// public warning one version until the all-clear.
    /// </summary>
    private static string Registry(string[] ids, int firstVillage) =>
        string.Concat(ids.Select((id, i) =>
        {
            var village = Village(firstVillage + i / RecipientsPerVillage);
            return $"- {{ id: {id}, kind: rain, name: storm gauge {i}, region: \"{village[..6]}\", areas: [\"{village}\"], ruleset: cma-rainstorm, params: {{ blue: {{ mm: 100000 }}, yellow: {{ mm: 100000 }}, orange: {{ mm: 100000 }} }} }}\n";
        }));

    private async Task WarmUpStorm(int port, HttpClient api, LocalGateway gateway, string[] warmIds, CancellationToken ct)
    {
        var warm = warmIds.ToHashSet(StringComparer.Ordinal);
        var sms = new SmsTally();
        await Publish(port, Readings(warmIds, StormMinute, 3, _ => Math.Round(Red.Millimetres * 1.2)), ct);
        await sms.WhenAtLeast(gateway, warmIds.Length, Deadline, ct);
        await AllClear(port, warmIds, ct);
        await PollUntil(async () => await ActiveWarnings(api, warm, ct) == 0, "every warm-up warning ended", ct);
        await sms.WhenAtLeast(gateway, 2 * warmIds.Length, Deadline, ct);
        gateway.Requests.Clear();
        await progress.WriteLineAsync($"bench: storm, warm-up storm of {warmIds.Length:N0} gauges red, published and cleared");
    }

    /// <summary>The all-clear of the storm minute's red: event time past the red window, then past clearAfter below the threshold, with no rain.</summary>
    private static async Task AllClear(int port, string[] ids, CancellationToken ct)
    {
        var belowFrom = StormMinute.AddMinutes(1) + Red.Window;
        await Publish(port, Readings(ids, belowFrom, 4, _ => 0), ct);
        var ended = belowFrom + ClearAfter + TimeSpan.FromMinutes(1);
        await Publish(port, Readings(ids, ended, 5, _ => 0), ct);
        // And each gauge's next reading, as gauges keep reporting: it takes the all-clear past the allowed lateness, after
        // which no late reading can revise the warning and the sensor lets the episode go.
        await Publish(port, Readings(ids, ended + Warning.Rules.Rulesets.RulesetCatalog.DefaultLateness + TimeSpan.FromMinutes(1), 6, _ => 0), ct);
    }

    private static IEnumerable<object> Roster(string[] villages) =>
        villages.SelectMany((village, v) => Enumerable.Range(0, RecipientsPerVillage).Select(r =>
        {
            var n = v * RecipientsPerVillage + r;
            return (object)new
            {
                id = $"storm-villager-{n:D6}", name = $"村民{n}", phone = $"+86139{n:D8}", areas = new[] { village }, roles = new[] { "villager" }, channels = new[] { "sms" }, minLevel = "blue",
            };
        }));

    /// <summary>One reading per gauge, spread over the minute starting at <paramref name="minute"/>.</summary>
    private static List<(string Topic, byte[] Payload)> Readings(string[] ids, DateTimeOffset minute, long seq, Func<int, double> mm) =>
        ids.Select((id, i) => ($"sensors/rain/{id}/telemetry", MqttLoad.RainReading(minute.AddSeconds(i % 60), seq, mm(i)))).ToList();

    /// <summary>
    /// Publishes every message once across <see cref="Connections"/> connections opened beforehand, 64 PUBACKs in
    /// flight on each as <see cref="MqttLoad"/> keeps; returns the time from the first PUBLISH to the last PUBACK.
    /// </summary>
    /// <summary>
    /// A province's gauges reach the broker over many connections (a gauge or a village's DTU gateway each): a hundred
    /// here, for the quiet baseline and the storm alike. The broker handles one connection's PUBLISHes one at a time,
    /// so a handful of connections would measure that (issue 16), not the warning path.
    /// </summary>
    private const int Connections = 100;

    private static async Task<TimeSpan> Publish(int port, IReadOnlyList<(string Topic, byte[] Payload)> messages, CancellationToken ct)
    {
        var factory = new MqttClientFactory();
        var clients = await Task.WhenAll(Enumerable.Range(0, Connections).Select(async p =>
        {
            var client = factory.CreateMqttClient();
            // When warnings are slow to record, a PUBACK — and a PINGRESP, which the broker answers only after the
            // connection's PUBLISHes before it — can take longer than MQTTnet's keep-alive allows, and the client drops
            // the connection: these publishers send no PINGREQ and wait for PUBACKs up to the deadline, in both phases.
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"bench-storm-{p}-{Guid.NewGuid():N}")
                .WithKeepAlivePeriod(TimeSpan.Zero).WithTimeout(Deadline).Build(), ct);
            return client;
        }));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Deadline);
        try
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(async (client, p) =>
            {
                var window = new List<Task>(64);
                for (var i = p; i < messages.Count; i += clients.Length)
                {
                    window.Add(client.PublishAsync(new MqttApplicationMessageBuilder()
                        .WithTopic(messages[i].Topic).WithPayload(messages[i].Payload)
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), deadline.Token));
                    if (window.Count == 64)
                    {
                        await Task.WhenAll(window);
                        window.Clear();
                    }
                }
                await Task.WhenAll(window);
            }));
            return clock.Elapsed;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"bench: {messages.Count:N0} readings published and acknowledged within {Deadline}");
        }
        finally
        {
            foreach (var client in clients)
            {
                if (client.IsConnected) await client.DisconnectAsync(cancellationToken: CancellationToken.None);
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// Asks until <paramref name="done"/>; returns the <see cref="Stopwatch"/> time of the answer that said so. Between
    /// asks it waits as long as the last ask took (at least <see cref="MinPoll"/>), so polling lists of thousands of
    /// warnings never takes more than half of the machine it measures.
    /// </summary>
    private static async Task<long> PollUntil(Func<Task<bool>> done, string what, CancellationToken ct)
    {
        long at = 0;
        await Until.True(async () =>
        {
            var asked = Stopwatch.GetTimestamp();
            if (await done())
            {
                at = Stopwatch.GetTimestamp();
                return true;
            }
            var took = Stopwatch.GetElapsedTime(asked);
            await Task.Delay(took > MinPoll ? took : MinPoll, ct);
            return false;
        }, Deadline, what, ct);
        return at;
    }

    /// <summary>
    /// The storm's sensor warnings (onset in or after the storm minute, one per gauge): how many, how many released
    /// (active), and their history entries by action. Takes every page, following <c>Link: &lt;…&gt;; rel="next"</c>.
    /// </summary>
    private static async Task<(int Visible, int Released, int Changes, IReadOnlyDictionary<string, int> Actions)> SensorWarnings(HttpClient api, HashSet<string> sensors, CancellationToken ct)
    {
        var storm = (await Warnings(api, "/api/warnings?limit=100000", ct))
            .Where(w => w.SensorId is not null && sensors.Contains(w.SensorId) && w.Onset >= StormMinute)
            .ToList();
        var actions = storm.SelectMany(w => w.History ?? []).GroupBy(h => h.Action ?? "?", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return (storm.Select(w => w.SensorId).Distinct(StringComparer.Ordinal).Count(), storm.Count(w => w.Status == "active"), actions.Values.Sum(), actions);
    }

    /// <summary>Warnings still active or pending approval; the status is checked here too, whatever the filter does.</summary>
    private static async Task<int> ActiveWarnings(HttpClient api, HashSet<string> sensors, CancellationToken ct) =>
        (await Warnings(api, "/api/warnings?active=true&limit=100000", ct))
            .Count(w => w.SensorId is not null && sensors.Contains(w.SensorId) && w.Status is "active" or "pending-approval");

    private static async Task<List<WarningRow>> Warnings(HttpClient api, string first, CancellationToken ct)
    {
        var rows = new List<WarningRow>();
        for (var (url, pages) = (first, 0); url is not null; pages++)
        {
            if (pages > 10_000) throw new InvalidOperationException($"bench: GET /api/warnings gave more than 10,000 pages (last {url})");
            // Read as it streams in: a whole answer buffered first (10,000 warnings, megabytes) would stay in this
            // process's array pool and count as the engine's memory in the heap figures below.
            using var response = await api.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            await foreach (var row in JsonSerializer.DeserializeAsyncEnumerable<WarningRow>(body, JsonSerializerOptions.Web, ct))
            {
                if (row is not null) rows.Add(row);
            }
            url = response.Headers.TryGetValues("Link", out var links)
                ? links.Select(l => NextLink().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value
                : null;
        }
        return rows;
    }

    /// <summary>Active public warnings of the storm's villages, and their versions that went out (not held).</summary>
    private static async Task<(int Count, int Versions)> ActivePublicWarnings(HttpClient api, HashSet<string> villages, CancellationToken ct)
    {
        var active = (await api.GetFromJsonAsync<List<PublicRow>>("/api/public-warnings?active=true", ct) ?? [])
            .Where(p => p.Area is not null && villages.Contains(p.Area) && p.Status == "active")
            .ToList();
        return (active.Select(p => p.Area).Distinct(StringComparer.Ordinal).Count(), active.Sum(p => (p.Versions ?? []).Count(v => v.HeldBy is null)));
    }

    /// <summary>The SMS records in the engine's outbox (<c>GET /api/publications?channel=sms</c>), what it meant to send.</summary>
    private static async Task<int> OutboxSms(HttpClient api, CancellationToken ct)
    {
        using var response = await api.GetAsync("/api/publications?channel=sms", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var count = 0;
        await foreach (var _ in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(body, cancellationToken: ct)) count++;
        return count;
    }

    /// <summary>Readings InfluxDB holds in the bench database: every one is out of the spool.</summary>
    private async Task<long> Stored(string db, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await _influx.GetStringAsync($"{influxUrl}/query?db={db}&q={Uri.EscapeDataString("SELECT count(rain_mm) FROM rain")}", ct));
        var result = doc.RootElement.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;
    }

    /// <summary>
    /// Each timed phase starts from the same state: after an aggressive full collection, once the process's (engine and bench) use of
    /// the CPU has settled — three one-second windows in a row within <see cref="IdleSpread"/> of a core of each other and each under
    /// <see cref="IdleCeiling"/> of a core —
    /// so what the phase before it left running (SMS, spool drain, state flushes) is not charged to it. What stays is the
    /// engine's own background with these gauges (sensor timers, the liveness watch), the same for both phases. At most
    /// <see cref="IdleDeadline"/>; then timed anyway, said.
    /// </summary>
    private async Task Idle(string phase, CancellationToken ct)
    {
        // The same collection as the memory samples' (which come just before the storm): an aggressive one gives memory
        // back that the phase after it then takes again, page by page — both phases pay for that, or neither would.
        Measure();
        using var self = Process.GetCurrentProcess();
        var waited = Stopwatch.StartNew();
        var shares = new Queue<double>();
        while (shares.Count < 3 || shares.Max() - shares.Min() > IdleSpread || shares.Max() > IdleCeiling)
        {
            if (waited.Elapsed > IdleDeadline)
            {
                await progress.WriteLineAsync($"bench: storm, the process's CPU use had not settled {IdleDeadline} before the {phase} phase ({string.Join(", ", shares.Select(s => s.ToString("P0", CultureInfo.InvariantCulture)))} of a core); timed anyway");
                return;
            }
            self.Refresh();
            var (cpu, clock) = (self.TotalProcessorTime, Stopwatch.GetTimestamp());
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            self.Refresh();
            shares.Enqueue((self.TotalProcessorTime - cpu) / Stopwatch.GetElapsedTime(clock));
            if (shares.Count > 3) shares.Dequeue();
        }
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bench: storm, settled before the {phase} phase after {waited.Elapsed.TotalSeconds:0} s ({shares.Average():P0} of a core)"));
    }

    private const double IdleSpread = 0.05;

    private const double IdleCeiling = 0.5;

    private static readonly TimeSpan IdleDeadline = TimeSpan.FromMinutes(2);

    /// <summary>Every 100 ms until stopped: the managed heap (without a collection), the working set and the readings waiting for the reading log; their highest values.</summary>
    private static async Task<(long Heap, long WorkingSet, int Awaiting)> Peak(Func<int> awaiting, CancellationToken stop)
    {
        long heap = 0, set = 0;
        var waiting = 0;
        using var self = Process.GetCurrentProcess();
        using var timer = new PeriodicTimer(SamplePeriod);
        try
        {
            do
            {
                heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
                self.Refresh();
                set = Math.Max(set, self.WorkingSet64);
                waiting = Math.Max(waiting, awaiting());
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
        }
        return (heap, set, waiting);
    }

    /// <summary>
    /// Memory once what this process used a moment ago was let go, the same way before and after the storm: the lowest of
    /// full-GC samples over <see cref="SettleFor"/> (buffers pooled for the bench's own large API answers are given
    /// back within about a minute; what is still there after it is kept).
    /// </summary>
    private static async Task<(long Heap, long WorkingSet)> Settled(CancellationToken ct)
    {
        var lowest = Measure();
        for (var waited = TimeSpan.Zero; waited < SettleFor; waited += SettleSample)
        {
            await Task.Delay(SettleSample, ct);
            var sample = Measure();
            if (sample.Heap < lowest.Heap) lowest = sample;
        }
        return lowest;
    }

    private async Task DumpPoint(string at, CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable("BENCH_DUMP_DIR") is not { } dir) return;
        var go = Path.Combine(dir, at + ".go");
        await progress.WriteLineAsync($"bench: storm, dump point {at}: pid {Environment.ProcessId}, waiting for {go}");
        while (!File.Exists(go)) await Task.Delay(500, ct);
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
    }

    /// <summary>This process's <c>write_bytes</c> (what it sent to the block layer) and <c>wchar</c> (every write call, sockets included); −1 without /proc.</summary>
    private static (long WriteBytes, long WriteChars) ProcessIo()
    {
        if (!File.Exists("/proc/self/io")) return (-1, -1);
        var fields = File.ReadAllLines("/proc/self/io").Select(l => l.Split(':', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return (fields.GetValueOrDefault("write_bytes", -1), fields.GetValueOrDefault("wchar", -1));
    }

    /// <summary>The size of every file under <paramref name="dir"/>; files the engine removes meanwhile (drained spool batches) are skipped.</summary>
    /// <summary>
    /// The data directory's files but the records database's write-ahead log and its index, which keep the size they
    /// grew to (up to the checkpoint interval) and are rewritten from the start after each checkpoint: not growth.
    /// </summary>
    private static long DirectorySize(string dir)
    {
        long size = 0;
        foreach (var file in new DirectoryInfo(dir).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            if (file.Name.EndsWith("-wal", StringComparison.Ordinal) || file.Name.EndsWith("-shm", StringComparison.Ordinal)) continue;
            try { size += file.Length; }
            catch (FileNotFoundException) { }
        }
        return size;
    }

    [GeneratedRegex("<([^>]+)>\\s*;\\s*rel=\"?next\"?")]
    private static partial Regex NextLink();

    private sealed record WarningRow(string? Id, string? SensorId, string? Status, DateTimeOffset Onset, IReadOnlyList<HistoryRow>? History);

    private sealed record HistoryRow(string? Action, string? Level);

    private sealed record PublicRow(string? Id, string? Area, string? Status, IReadOnlyList<VersionRow>? Versions);

    private sealed record VersionRow(int Number, string? Level, string? HeldBy);

    /// <summary>
    /// SMS requests at the gateway by message id (a message of several segments is several requests), with the time each
    /// id first arrived.
    /// </summary>
    private sealed class SmsTally
    {
        private readonly Dictionary<string, long> _first = new(StringComparer.Ordinal);
        private int _seen;

        public int Requests { get; private set; }

        public int Distinct(LocalGateway gateway)
        {
            Update(gateway);
            return _first.Count;
        }

        /// <summary>Waits until <paramref name="count"/> distinct ids arrived; returns when the last of them did.</summary>
        public async Task<long> WhenAtLeast(LocalGateway gateway, int count, TimeSpan deadline, CancellationToken ct)
        {
            await Until.True(async () =>
            {
                if (Distinct(gateway) >= count) return true;
                await Task.Delay(50, ct);
                return false;
            }, deadline, $"{count:N0} distinct SMS message ids at the gateway", ct);
            return _first.Values.Order().ElementAt(count - 1);
        }

        public void Forget()
        {
            _first.Clear();
            _first.TrimExcess();
            _seen = 0;
        }

        private void Update(LocalGateway gateway)
        {
            var index = 0;
            foreach (var (path, body, at) in gateway.Requests)
            {
                if (index++ < _seen) continue;
                if (path != "/sms") continue;
                Requests++;
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("messageId", out var id) && id.GetString() is { } messageId) _first.TryAdd(messageId, at);
            }
            _seen = index;
        }
    }
}
