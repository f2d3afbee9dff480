using System.Diagnostics;
using System.Text.Json;
using Warning.Silo.Replay;
using Warning.Silo.Synth;

namespace Warning.Bench;

/// <summary>
/// Replay speed: a synthetic rain season (from the real rain data's statistics) through the engine with
/// <c>--via direct --max</c> and with <c>--via mqtt</c> (every reading a QoS 1 PUBLISH to the embedded broker, one at a
/// time in event-time order, as a replay must to stay deterministic), each against reading and grouping the same CSV.
/// The replay is timed as a planner runs it: <c>./warning replay</c> in a process of its own, with the runtime settings
/// that command runs with (the script's), its report's <c>wallSeconds</c> (the private silo's start included); the
/// bench's own process keeps the live engine's defaults for the suites that measure it.
/// </summary>
public sealed class ReplayBench(string? data, string warningScript, TextWriter progress)
{
    public sealed record Outcome(string Via, int Sensors, int Days, long Readings, int WarningLevels, double Seconds, double CsvSeconds, long PeakWorkingSetMiB)
    {
        public double Rate => Readings / Seconds;

        public double CsvRate => Readings / CsvSeconds;
    }

    public async Task<Outcome> Run(string via, int sensors, int days, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("warning-bench-").FullName;
        try
        {
            var csv = Path.Combine(dir, "season.csv");
            var registry = Path.ChangeExtension(csv, ".sensors.yaml");
            new SyntheticSeason(sensors, days, TimeSpan.FromMinutes(5), 42, data is null ? SeasonShapes.Shipped() : SeasonShapes.FromDirectory(data), ["rain"]).Write(csv, registry);

            var parse = Stopwatch.StartNew();
            _ = new ReplayInput(csv, null, null).ReadGroups().Sum(g => (long)g.Count);
            parse.Stop();

            var (report, peak) = await Replay(csv, registry, via, ct);
            var outcome = new Outcome(via, sensors, days, report.Readings, report.WarningLevels, report.WallSeconds, parse.Elapsed.TotalSeconds, peak / (1024 * 1024));
            await progress.WriteLineAsync($"bench: replay --via {via}: {outcome.Readings:N0} readings in {outcome.Seconds:0.0} s = {outcome.Rate:N0}/s (reading the CSV alone {outcome.CsvRate:N0}/s)");
            return outcome;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// <c>./warning replay CSV --registry … --via … [--max] --out …</c>, its progress passed on; returns its report and
    /// its peak resident memory (the script ends in <c>exec</c>, so the process is the replay's own once it starts).
    /// </summary>
    private async Task<((long Readings, int WarningLevels, double WallSeconds) Report, long PeakBytes)> Replay(string csv, string registry, string via, CancellationToken ct)
    {
        var reportPath = Path.ChangeExtension(csv, $".{via}.json");
        var start = new ProcessStartInfo(warningScript) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "replay", csv, "--registry", registry, "--via", via, "--out", reportPath }) start.ArgumentList.Add(arg);
        if (via == "direct") start.ArgumentList.Add("--max");
        using var replay = Process.Start(start) ?? throw new InvalidOperationException($"bench: could not start {warningScript}");
        var passedOn = Task.WhenAll(PassOn(replay.StandardError), PassOn(replay.StandardOutput));
        long peak = 0;
        using (ct.Register(() => replay.Kill(entireProcessTree: true)))
        {
            // The kernel's high-water mark, read while the process lives (it goes with it).
            while (!replay.WaitForExit(200))
            {
                replay.Refresh();
                try { peak = Math.Max(peak, replay.PeakWorkingSet64); } catch (InvalidOperationException) { }
            }
            await replay.WaitForExitAsync(ct);
        }
        await passedOn;
        if (replay.ExitCode != 0) throw new InvalidOperationException($"bench: {warningScript} replay --via {via} exited with {replay.ExitCode}");
        await using var json = File.OpenRead(reportPath);
        using var report = await JsonDocument.ParseAsync(json, cancellationToken: ct);
        var root = report.RootElement;
        return ((root.GetProperty("readings").GetInt64(), root.GetProperty("warnings").GetArrayLength(), root.GetProperty("wallSeconds").GetDouble()), peak);
    }

    private async Task PassOn(StreamReader from)
    {
        while (await from.ReadLineAsync() is { } line) await progress.WriteLineAsync(line);
    }

    public static IEnumerable<Figure> Figures(Outcome o)
    {
        yield return new Figure($"replay --via {o.Via}{(o.Via == "direct" ? " --max" : "")}, {o.Sensors:N0} gauges × {o.Days} days", o.Rate, "readings/s", "reading and grouping the CSV alone", o.CsvRate);
    }
}
