using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Warning.Silo.Replay;
using Warning.Silo.Synth;

namespace Warning.Silo.Bench;

/// <summary>
/// <c>./warning bench [--quick]</c>: a synthetic rain season replayed straight to the grains as fast as possible,
/// against a baseline measured in the same run on the same file (reading and grouping the CSV, no engine), so the
/// ratio means something on a noisy machine. Writes <c>bench/results/replay-*.json</c>.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> Run(string[] args)
    {
        var quick = new Option<bool>("--quick") { Description = "200 gauges × 5 days instead of 1,000 × 120 days (34.56 million readings)" };
        var data = new Option<DirectoryInfo>("--data") { Description = "the shared real data sets", DefaultValueFactory = _ => new DirectoryInfo("../shared/data") };
        var results = new Option<DirectoryInfo>("--results") { Description = "where results go", DefaultValueFactory = _ => new DirectoryInfo("bench/results") };
        var command = new RootCommand("Benchmark the replay path.") { quick, data, results };
        command.SetAction(async (result, ct) =>
        {
            var (sensors, days) = result.GetValue(quick) ? (200, 5) : (1000, 120);
            var dir = Directory.CreateTempSubdirectory("warning-bench-").FullName;
            try
            {
                var csv = Path.Combine(dir, "season.csv");
                var registry = Path.ChangeExtension(csv, ".sensors.yaml");
                var rows = new SyntheticSeason(sensors, days, TimeSpan.FromMinutes(5), 42, result.GetValue(data)!.FullName, ["rain"]).Write(csv, registry);

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
                    machine = new { Environment.ProcessorCount, os = Environment.OSVersion.ToString() },
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
                var outDir = result.GetValue(results)!;
                outDir.Create();
                var path = Path.Combine(outDir.FullName, $"replay-{(result.GetValue(quick) ? "quick" : "full")}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}.json");
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(outcome, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), ct);
                await Console.Error.WriteLineAsync($"bench: {report.Readings:N0} readings in {report.WallSeconds:0.0} s = {engineRate:N0}/s ({engineRate / baselineRate:P1} of reading the CSV alone, {baselineRate:N0}/s); peak {outcome.peakWorkingSetMiB} MiB → {path}");
                return 0;
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });
        return await command.Parse(args).InvokeAsync();
    }
}
