using System.CommandLine;
using System.Diagnostics;
using System.Xml;

namespace Warning.Silo.Synth;

/// <summary><c>./warning synth --sensors N --days D --interval 5m --seed S --out FILE.csv</c> (registry written to FILE.sensors.yaml).</summary>
public static class SynthCommand
{
    public static async Task<int> Run(string[] args)
    {
        var sensors = new Option<int>("--sensors") { Description = "number of sensors, kinds taken in turn", DefaultValueFactory = _ => 100 };
        var kinds = new Option<string>("--kinds") { Description = "kinds to generate, comma-separated", DefaultValueFactory = _ => "rain,landslide,chemical,firecam" };
        var days = new Option<int>("--days") { Description = "season length in days", DefaultValueFactory = _ => 30 };
        var interval = new Option<string>("--interval") { Description = "reporting interval: 5m, 1h or ISO 8601 (PT5M)", DefaultValueFactory = _ => "5m" };
        var seed = new Option<int>("--seed") { Description = "random seed: the same seed gives the same file", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out") { Description = "CSV to write", Required = true };
        var data = new Option<DirectoryInfo?>("--data") { Description = "a full real data directory (as ../shared/data); by default the extract shipped in the binary (Synth/Data/PROVENANCE.md)" };
        var command = new RootCommand("Write a synthetic season from the shapes of the real data sets.") { sensors, kinds, days, interval, seed, output, data };
        command.SetAction(async (result, ct) =>
        {
            if (!TryInterval(result.GetValue(interval)!, out var step))
            {
                await Console.Error.WriteLineAsync($"synth: --interval takes 5m, 1h or an ISO 8601 duration, got \"{result.GetValue(interval)}\"");
                return 2;
            }
            var (n, d) = (result.GetValue(sensors), result.GetValue(days));
            if (n < 1 || d < 1)
            {
                await Console.Error.WriteLineAsync("synth: --sensors and --days must be at least 1");
                return 2;
            }
            var kindList = result.GetValue(kinds)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (kindList.Length == 0 || kindList.Any(k => k is not ("rain" or "landslide" or "chemical" or "firecam")))
            {
                await Console.Error.WriteLineAsync($"synth: --kinds takes rain, landslide, chemical, firecam, got \"{result.GetValue(kinds)}\"");
                return 2;
            }
            var csv = result.GetValue(output)!.FullName;
            var registry = Path.ChangeExtension(csv, ".sensors.yaml");
            var dataDir = result.GetValue(data);
            if (dataDir is { Exists: false })
            {
                await Console.Error.WriteLineAsync($"synth: --data {dataDir.FullName} does not exist (leave --data out to use the shipped extract)");
                return 2;
            }
            var clock = Stopwatch.StartNew();
            var shapes = dataDir is null ? SeasonShapes.Shipped() : SeasonShapes.FromDirectory(dataDir.FullName);
            var rows = new SyntheticSeason(n, d, step, result.GetValue(seed), shapes, kindList).Write(csv, registry);
            await Console.Error.WriteLineAsync($"synth: {rows:N0} rows for {n} sensors over {d} days in {clock.Elapsed.TotalSeconds:0.0} s: {csv}, registry {registry}");
            return 0;
        });
        return await command.Parse(args).InvokeAsync();
    }

    private static bool TryInterval(string text, out TimeSpan interval)
    {
        interval = default;
        if (text.Length > 1 && int.TryParse(text[..^1], out var n) && n > 0)
        {
            interval = text[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => default };
            if (interval > TimeSpan.Zero) return true;
        }
        try
        {
            interval = XmlConvert.ToTimeSpan(text);
            return interval > TimeSpan.Zero;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
