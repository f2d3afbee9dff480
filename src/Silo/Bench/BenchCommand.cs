using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Warning.Silo.Replay;
using Warning.Silo.Synth;

namespace Warning.Silo.Bench;

/// <summary>
/// <c>./warning bench [--quick] [--suite replay|ingest|all]</c>: every figure beside a baseline measured in the same
/// run, so ratios mean something on a noisy machine. Ingest: raw mosquitto, raw embedded broker and raw InfluxDB
/// writes against the engine through each broker (<see cref="IngestBench"/>). Replay: a synthetic rain season straight
/// to the grains against reading and grouping the same CSV. Writes <c>bench/results/{ingest,replay}-*.json</c> and a
/// Markdown <c>summary-*.md</c>.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> Run(string[] args)
    {
        var quick = new Option<bool>("--quick") { Description = "smaller runs: 200 gauges × 5 days of replay, 20,000 ingested readings (under 5 minutes)" };
        var data = new Option<DirectoryInfo>("--data") { Description = "the shared real data sets", DefaultValueFactory = _ => new DirectoryInfo("../shared/data") };
        var results = new Option<DirectoryInfo>("--results") { Description = "where results go", DefaultValueFactory = _ => new DirectoryInfo("bench/results") };
        var influx = new Option<string>("--influx") { Description = "InfluxDB for the ingest figures", DefaultValueFactory = _ => "http://127.0.0.1:8086" };
        var broker = new Option<string>("--broker") { Description = "mosquitto (host:port) for the ingest figures", DefaultValueFactory = _ => "127.0.0.1:1883" };
        var suite = new Option<string>("--suite") { Description = "replay, ingest or all", DefaultValueFactory = _ => "all" };
        suite.AcceptOnlyFromAmong("replay", "ingest", "peer", "all");
        var command = new RootCommand("Benchmarks, each against a baseline measured in the same run.") { quick, data, results, influx, broker, suite };
        command.SetAction(async (result, ct) =>
        {
            var isQuick = result.GetValue(quick);
            var outDir = result.GetValue(results)!;
            outDir.Create();
            var stamp = $"{(isQuick ? "quick" : "full")}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}";
            var figures = new List<Figure>();
            if (result.GetValue(suite) is "ingest" or "all")
            {
                var ingest = await new IngestBench(result.GetValue(influx)!, result.GetValue(broker)!, isQuick ? 20_000 : 600_000, Console.Error).Run(ct);
                figures.AddRange(ingest);
                await Write(Path.Combine(outDir.FullName, $"ingest-{stamp}.json"), new { benchmark = "ingest", when = DateTimeOffset.UtcNow, machine = Machine(), figures = ingest.Select(Json) }, ct);
            }
            if (result.GetValue(suite) is "replay" or "all")
            {
                figures.AddRange(await Replay(isQuick, result.GetValue(data)!.FullName, outDir.FullName, stamp, ct));
            }
            if (result.GetValue(suite) is "peer" or "all")
                figures.AddRange(await new PeerBench(isQuick, Console.Error).Run(outDir.FullName, stamp, ct));
            var summary = Path.Combine(outDir.FullName, $"summary-{stamp}.md");
            await File.WriteAllTextAsync(summary, Markdown(figures), ct);
            await Console.Error.WriteLineAsync($"bench: summary → {summary}");
            return 0;
        });
        return await command.Parse(args).InvokeAsync();
    }

    private static async Task<IReadOnlyList<Figure>> Replay(bool quick, string data, string outDir, string stamp, CancellationToken ct)
    {
        var (sensors, days) = quick ? (200, 5) : (1000, 120);
        var dir = Directory.CreateTempSubdirectory("warning-bench-").FullName;
        try
        {
            var csv = Path.Combine(dir, "season.csv");
            var registry = Path.ChangeExtension(csv, ".sensors.yaml");
            var rows = new SyntheticSeason(sensors, days, TimeSpan.FromMinutes(5), 42, data, ["rain"]).Write(csv, registry);

            var parse = Stopwatch.StartNew();
            var baselineReadings = new ReplayInput(csv, null, null).ReadGroups().Sum(g => (long)g.Count);
            parse.Stop();

            var report = await ReplayRunner.Run(new ReplaySettings(csv, registry, null, "direct", null, null, null, null), Console.Error, ct);
            var engineRate = report.Readings / report.WallSeconds;
            var baselineRate = baselineReadings / parse.Elapsed.TotalSeconds;
            var outcome = new
            {
                benchmark = "replay-direct-max",
                when = DateTimeOffset.UtcNow,
                machine = Machine(),
                sensors,
                days,
                rows,
                readings = report.Readings,
                warningLevels = report.Warnings.Count,
                seconds = report.WallSeconds,
                readingsPerSecond = Math.Round(engineRate),
                baseline = new { what = "read and group the same CSV, no engine", seconds = Math.Round(parse.Elapsed.TotalSeconds, 3), readingsPerSecond = Math.Round(baselineRate) },
                engineToBaselineRatio = Math.Round(engineRate / baselineRate, 3),
                peakWorkingSetMiB = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024),
            };
            var path = Path.Combine(outDir, $"replay-{stamp}.json");
            await Write(path, outcome, ct);
            await Console.Error.WriteLineAsync($"bench: {report.Readings:N0} readings in {report.WallSeconds:0.0} s = {engineRate:N0}/s ({engineRate / baselineRate:P1} of reading the CSV alone, {baselineRate:N0}/s); peak {outcome.peakWorkingSetMiB} MiB → {path}");
            return [new Figure($"replay --via direct --max, {sensors} gauges × {days} days", Math.Round(engineRate), "readings/s", "reading and grouping the CSV alone", Math.Round(baselineRate))];
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static object Machine() => new { Environment.ProcessorCount, os = Environment.OSVersion.ToString() };

    private static object Json(Figure f) => new { name = f.Name, value = Math.Round(f.Value), unit = f.Unit, baseline = f.Baseline, baselineValue = f.BaselineValue is { } b ? Math.Round(b) : (double?)null, ratio = f.Ratio };

    private static Task Write(string path, object value, CancellationToken ct) =>
        File.WriteAllTextAsync(path, JsonSerializer.Serialize(value, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), ct);

    private static string Markdown(IReadOnlyList<Figure> figures)
    {
        var text = new System.Text.StringBuilder($"# Bench {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC ({Environment.ProcessorCount} cores)\n\n| figure | value | baseline (same run) | ratio |\n|---|---|---|---|\n");
        foreach (var f in figures)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {f.Name} | {f.Value:N0} {f.Unit} | {(f.Baseline is null ? "—" : $"{f.Baseline}: {f.BaselineValue:N0}")} | {(f.Ratio is { } r ? $"{r:P1}" : "—")} |\n");
        return text.ToString();
    }
}
