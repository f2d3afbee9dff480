using System.CommandLine;

namespace Warning.Bench;

/// <summary>
/// <c>./warning bench [--quick] [--suite a,b,…]</c>: every figure beside a baseline measured in the same run, so ratios
/// mean something on a noisy machine. Suites: ingest (raw brokers and InfluxDB against the engine,
/// <see cref="IngestBench"/>), latency (publish → warning at a fixed load, <see cref="LatencyBench"/>), memory (per
/// active grain, <see cref="MemoryBench"/>), fanout (<see cref="FanOutBench"/>), replay (<see cref="ReplayBench"/>),
/// micro (BenchmarkDotNet, <c>bench/Micro</c>), peer (Prometheus + Alertmanager, <see cref="PeerBench"/>), storm (N gauges
/// red at once, through warnings, public warnings and SMS, <see cref="StormBench"/>; <c>--gauges N</c>), history (a season
/// of warnings asked for one county-day, <see cref="HistoryBench"/>). Writes <c>bench/results/{suite}-{quick|full}-{time}.json</c> and a
/// Markdown <c>summary-*.md</c>.
/// </summary>
public static class BenchCommand
{
    private static readonly string[] Suites = ["ingest", "latency", "memory", "fanout", "replay", "micro", "peer", "storm", "history"];

    // Long enough for the JIT's tiers to settle under load whichever suite the process runs first (5 s left the first
    // suite's p99 at 150 ms where a warm process gave 34 ms); the broker alone warms up as long.
    private static readonly TimeSpan LatencyWarmUp = TimeSpan.FromSeconds(30);

    public static async Task<int> Run(string[] args)
    {
        var quick = new Option<bool>("--quick") { Description = "smaller runs, the whole bench in under 5 minutes" };
        var data = new Option<DirectoryInfo?>("--data") { Description = "replay: a full real data directory (as ../shared/data) to shape the season from; by default the rain extract shipped in the binary" };
        var results = new Option<DirectoryInfo>("--results") { Description = "where results go", DefaultValueFactory = _ => new DirectoryInfo("bench/results") };
        var influx = new Option<string>("--influx") { Description = "InfluxDB for the ingest and latency figures", DefaultValueFactory = _ => "http://127.0.0.1:8086" };
        var broker = new Option<string>("--broker") { Description = "mosquitto (host:port) for the ingest figures", DefaultValueFactory = _ => "127.0.0.1:1883" };
        var micro = new Option<DirectoryInfo>("--micro") { Description = "the BenchmarkDotNet project", DefaultValueFactory = _ => new DirectoryInfo("bench/Micro") };
        var warning = new Option<string>("--warning") { Description = "replay: the warning script whose replay command is timed", DefaultValueFactory = _ => "./warning" };
        var suite = new Option<string>("--suite") { Description = $"all, or a comma-separated list of: {string.Join(", ", Suites)}", DefaultValueFactory = _ => "all" };
        var gauges = new Option<int?>("--gauges") { Description = "storm: the number of gauges, a multiple of 10 (default 1,000 with --quick, else 10,000)" };
        gauges.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } n && (n < StormBench.RecipientsPerVillage || n % StormBench.RecipientsPerVillage != 0))
                r.AddError($"--gauges: expected a multiple of {StormBench.RecipientsPerVillage} (ten gauges and ten recipients per village), got {n}");
        });
        suite.Validators.Add(r =>
        {
            if (Selected(r.GetValueOrDefault<string>()).FirstOrDefault(s => !Suites.Contains(s)) is { } unknown)
                r.AddError($"--suite: unknown suite \"{unknown}\"; the suites are {string.Join(", ", Suites)} (or all)");
        });
        var command = new RootCommand("Benchmarks, each against a baseline measured in the same run.") { quick, data, results, influx, broker, micro, warning, suite, gauges };
        command.SetAction(async (result, ct) =>
        {
            var isQuick = result.GetValue(quick);
            var run = new BenchRun(result.GetValue(results)!, isQuick);
            var influxUrl = result.GetValue(influx)!;
            var progress = Console.Error;
            LatencyBench.Outcome? engineLatency = null;
            foreach (var name in Selected(result.GetValue(suite)!))
            {
                switch (name)
                {
                    case "ingest":
                        var ingest = await new IngestBench(influxUrl, result.GetValue(broker)!, isQuick ? 20_000 : 300_000, progress).Run(ct);
                        await run.Record(name, ingest, ingest, ct);
                        break;
                    case "latency":
                        var latency = new LatencyBench(influxUrl, progress);
                        var loads = isQuick
                            ? [await latency.Run(1_000, 40, TimeSpan.FromSeconds(3), ct)]
                            : new[] { await latency.Run(5_000, 120, LatencyWarmUp, ct), await latency.Run(10_000, 120, LatencyWarmUp, ct) }; // 5,000/s: issue 16's target load
                        await run.Record(name, loads, loads.SelectMany(LatencyBench.Figures), ct);
                        engineLatency = loads[0];
                        break;
                    case "memory":
                        var memory = await new MemoryBench(progress).Run(isQuick ? 10_000 : 100_000, ct);
                        await run.Record(name, memory, MemoryBench.Figures(memory), ct);
                        break;
                    case "fanout":
                        var fanOut = await new FanOutBench(progress).Run(isQuick ? 2_000 : 10_000, ct);
                        await run.Record(name, fanOut, FanOutBench.Figures(fanOut), ct);
                        break;
                    case "replay":
                        var replay = new ReplayBench(result.GetValue(data)?.FullName, Path.GetFullPath(result.GetValue(warning)!), progress);
                        var direct = isQuick ? await replay.Run("direct", 200, 5, ct) : await replay.Run("direct", 1_000, 15, ct);
                        var mqtt = isQuick ? await replay.Run("mqtt", 50, 5, ct) : await replay.Run("mqtt", 200, 10, ct);
                        await run.Record(name, new[] { direct, mqtt }, ReplayBench.Figures(direct).Concat(ReplayBench.Figures(mqtt)), ct);
                        break;
                    case "micro":
                        await run.Attach(name, await MicroBench.Run(result.GetValue(micro)!, run.Directory, isQuick, progress, ct));
                        break;
                    case "peer":
                        var peer = await new PeerBench(isQuick, progress).Run(run.Directory, run.Stamp, ct);
                        run.Add(peer);
                        if (engineLatency is not null) run.Add(PeerBench.SideBySide(peer, engineLatency));
                        break;
                    case "storm":
                        var storm = await new StormBench(influxUrl, progress).Run(result.GetValue(gauges) ?? (isQuick ? 1_000 : 10_000), ct);
                        await run.Record(name, storm, StormBench.Figures(storm), ct);
                        break;
                    case "history":
                        var history = await new HistoryBench(progress).Run(isQuick ? 10_000 : 100_000, isQuick ? 200 : 1_000, ct);
                        await run.Record(name, history, HistoryBench.Figures(history), ct);
                        break;
                }
            }
            await progress.WriteLineAsync($"bench: summary → {await run.WriteSummary(ct)}");
            return 0;
        });
        return await command.Parse(args).InvokeAsync();
    }

    private static IEnumerable<string> Selected(string? suites) =>
        suites is null or "all" ? Suites : suites.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
