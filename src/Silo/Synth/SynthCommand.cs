using System.CommandLine;
using System.Diagnostics;
using System.Xml;

namespace Warning.Silo.Synth;

/// <summary>
/// <c>./warning synth --sensors N --days D --interval 5m --seed S --out FILE.csv</c> (registry written to FILE.sensors.yaml);
/// <c>--forecasts</c> adds synthetic forecast rows made from the rain series with a stated error model
/// (<see cref="ForecastErrorModel"/>), to the season generated or to <c>--input</c> (a season of its own, e.g. a real one).
/// </summary>
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
        var forecasts = new Option<bool>("--forecasts") { Description = "add synthetic forecast rows (kind forecast) made from the rain series" };
        var input = new Option<FileInfo?>("--input") { Description = "with --forecasts: add them to this season instead of generating one" };
        var horizon = new Option<string>("--forecast-horizon") { Description = "how far each issue forecasts (ISO 8601)", DefaultValueFactory = _ => "PT3H" };
        var shift = new Option<string>("--forecast-shift") { Description = "timing error: forecast rain comes this much late (ISO 8601, - for early)", DefaultValueFactory = _ => "PT0S" };
        var amplitude = new Option<double>("--forecast-amplitude") { Description = "amplitude error: amounts × exp(σ·z), this σ", DefaultValueFactory = _ => 0 };
        var miss = new Option<double>("--forecast-miss") { Description = "share of issues that forecast no rain at all", DefaultValueFactory = _ => 0 };
        var falseAlarm = new Option<double>("--forecast-false") { Description = "share of issues that add a false burst", DefaultValueFactory = _ => 0 };
        var falseMm = new Option<double>("--forecast-false-mm") { Description = "the false burst's rain, mm over two steps", DefaultValueFactory = _ => 60 };
        var command = new RootCommand("Write a synthetic season from the shapes of the real data sets.") { sensors, kinds, days, interval, seed, output, data, forecasts, input, horizon, shift, amplitude, miss, falseAlarm, falseMm };
        command.SetAction(async (result, ct) =>
        {
            if (result.GetValue(forecasts))
            {
                if (!TryDuration(result.GetValue(horizon)!, out var h) || h <= TimeSpan.Zero || !TryDuration(result.GetValue(shift)!, out var s))
                {
                    await Console.Error.WriteLineAsync("synth: --forecast-horizon takes a positive ISO 8601 duration (PT3H), --forecast-shift an ISO 8601 duration (PT1H, -PT1H)");
                    return 2;
                }
                var (m, fa) = (result.GetValue(miss), result.GetValue(falseAlarm));
                if (m is < 0 or > 1 || fa is < 0 or > 1 || result.GetValue(amplitude) < 0)
                {
                    await Console.Error.WriteLineAsync("synth: --forecast-miss and --forecast-false take a share 0 to 1, --forecast-amplitude a σ ≥ 0");
                    return 2;
                }
                var model = new ForecastErrorModel(h, s, result.GetValue(amplitude), m, fa, result.GetValue(falseMm), result.GetValue(seed));
                var target = result.GetValue(output)!.FullName;
                if (result.GetValue(input) is { } season)
                {
                    if (!season.Exists)
                    {
                        await Console.Error.WriteLineAsync($"synth: --input {season.FullName} does not exist");
                        return 2;
                    }
                    var n0 = ForecastSynth.Write(season.FullName, target, model);
                    await Console.Error.WriteLineAsync($"synth: {n0:N0} synthetic forecast rows added to {season.Name}: {target}");
                    return 0;
                }
            }
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
            if (result.GetValue(forecasts))
            {
                TryDuration(result.GetValue(horizon)!, out var h);
                TryDuration(result.GetValue(shift)!, out var s);
                var model = new ForecastErrorModel(h, s, result.GetValue(amplitude), result.GetValue(miss), result.GetValue(falseAlarm), result.GetValue(falseMm), result.GetValue(seed));
                var plain = csv + ".observed";
                File.Move(csv, plain, overwrite: true);
                var added = ForecastSynth.Write(plain, csv, model);
                File.Delete(plain);
                await Console.Error.WriteLineAsync($"synth: {added:N0} synthetic forecast rows added");
            }
            return 0;
        });
        return await command.Parse(args).InvokeAsync();
    }

    private static bool TryDuration(string text, out TimeSpan span)
    {
        var negative = text.StartsWith('-');
        var ok = Rules.Parameters.ParamReader.TryParseDuration(negative ? text[1..] : text, out span);
        if (negative) span = -span;
        return ok;
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
