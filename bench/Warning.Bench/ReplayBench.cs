using System.Diagnostics;
using Warning.Silo.Replay;
using Warning.Silo.Synth;

namespace Warning.Bench;

/// <summary>
/// Replay speed: a synthetic rain season (from the real rain data's statistics) through the engine with
/// <c>--via direct --max</c> and with <c>--via mqtt</c> (every reading a QoS 1 PUBLISH to the embedded broker, one at a
/// time in event-time order, as a replay must to stay deterministic), each against reading and grouping the same CSV.
/// </summary>
public sealed class ReplayBench(string? data, TextWriter progress)
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

            var report = await ReplayRunner.Run(new ReplaySettings(csv, registry, null, via, null, null, null, null), progress, ct);
            using var self = Process.GetCurrentProcess();
            var outcome = new Outcome(via, sensors, days, report.Readings, report.Warnings.Count, report.WallSeconds, parse.Elapsed.TotalSeconds, self.PeakWorkingSet64 / (1024 * 1024));
            await progress.WriteLineAsync($"bench: replay --via {via}: {outcome.Readings:N0} readings in {outcome.Seconds:0.0} s = {outcome.Rate:N0}/s (reading the CSV alone {outcome.CsvRate:N0}/s)");
            return outcome;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static IEnumerable<Figure> Figures(Outcome o)
    {
        yield return new Figure($"replay --via {o.Via}{(o.Via == "direct" ? " --max" : "")}, {o.Sensors:N0} gauges × {o.Days} days", o.Rate, "readings/s", "reading and grouping the CSV alone", o.CsvRate);
    }
}
