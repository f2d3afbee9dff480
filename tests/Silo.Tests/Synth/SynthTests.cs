using System.Diagnostics;
using System.Globalization;
using Warning.Silo.Synth;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Synth;

/// <summary><c>./warning synth</c> works in a clone alone: the rain it shapes seasons from ships in the binary.</summary>
public sealed class SynthTests
{
    private static readonly DateTimeOffset Start = new(2021, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Runs the built engine's <c>synth</c> the way the script does, from <paramref name="dir"/>, with no <c>--data</c>.</summary>
    private static async Task<(int Code, string Stderr)> Synth(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Warning.Silo.dll"));
        start.ArgumentList.Add("synth");
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return (process.ExitCode, await stderr);
    }

    [Fact]
    public async Task Synth_writes_a_plausible_season_with_nothing_beside_the_working_directory()
    {
        var dir = Directory.CreateTempSubdirectory("warning-synth-").FullName;
        try
        {
            // Nothing beside it: no ../shared (nor ./shared) for the command to find.
            Assert.False(Directory.Exists(Path.Combine(dir, "..", "shared")), $"{dir}/../shared exists: the test needs a directory with nothing beside it");
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
            const int sensors = 40, days = 3;
            var interval = TimeSpan.FromMinutes(30);
            var (code, stderr) = await Synth(dir, "--sensors", $"{sensors}", "--days", $"{days}", "--interval", "30m", "--seed", "5", "--out", "season.csv");
            Assert.True(code == 0, $"synth exited {code}: {stderr}");

            var csv = Path.Combine(dir, "season.csv");
            var registry = Path.Combine(dir, "season.sensors.yaml");
            Assert.True(File.Exists(csv) && File.Exists(registry), $"season or registry missing in {dir}: {string.Join(", ", Directory.GetFiles(dir))}");
            var lines = File.ReadAllLines(csv);
            Assert.Equal("ts,kind,sensor,metric,value", lines[0]);
            var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();

            // Registry: one entry per sensor, the four kinds in turn; every row's sensor is registered.
            var registered = File.ReadLines(registry).Where(l => l.StartsWith("- {id: ", StringComparison.Ordinal))
                .Select(l => l["- {id: ".Length..l.IndexOf(',', StringComparison.Ordinal)]).ToList();
            Assert.Equal(sensors, registered.Count);
            Assert.Equal(sensors, registered.Distinct().Count());
            Assert.Equal(sensors / 4, registered.Count(id => id.StartsWith("SYN-RAIN-", StringComparison.Ordinal)));
            Assert.Subset(registered.ToHashSet(), rows.Select(r => r[2]).ToHashSet());
            Assert.Equal(sensors, rows.Select(r => r[2]).Distinct().Count());

            // Rows: at most one per sensor and step (drop-outs take some away), on the interval grid, sorted by time.
            var steps = (int)(TimeSpan.FromDays(days) / interval);
            Assert.InRange(rows.Count, sensors * steps * 9 / 10, sensors * steps);
            Assert.Equal(rows.Count, rows.Select(r => (r[0], r[2])).Distinct().Count());
            var times = rows.Select(r => DateTimeOffset.Parse(r[0], CultureInfo.InvariantCulture)).ToList();
            Assert.All(times, t => Assert.True(t >= Start && t < Start.AddDays(days) && (t - Start).Ticks % interval.Ticks == 0, $"ts {t:O} off the grid"));
            Assert.Equal(times.Order(), times);

            // Values in the ranges the shipped series allow: a step's rain at most the largest real hour spread over the
            // hour's steps, scaled (≤ 1.6 ×) and with noise (≤ 1.2 ×); gas at most the series' peak / 500 × 1.6.
            var shapes = SeasonShapes.Shipped();
            var perHour = TimeSpan.FromHours(1) / interval;
            var maxRain = shapes.RainDays.SelectMany(d => d).Max() / perHour * 1.6 * 1.2 + 0.001;
            var maxLel = shapes.Gas.Max() / 500.0 * 1.6 + 0.001;
            double[] Values(string metric) => rows.Where(r => r[3] == metric).Select(r => double.Parse(r[4], CultureInfo.InvariantCulture)).ToArray();
            var rain = Values("rain_mm");
            Assert.NotEmpty(rain);
            Assert.All(rain, v => Assert.InRange(v, 0, maxRain));
            Assert.True(rain.Sum() > 0, "no rain at all in 30 drawn days");
            Assert.All(Values("lel_pct"), v => Assert.InRange(v, 0, maxLel));
            Assert.All(Values("disp_mm"), v => Assert.True(v >= 600, $"disp_mm {v} below the 600 mm start"));
            Assert.All(Values("smoke_conf"), v => Assert.InRange(v, 0, 1));
            Assert.Equal(rows.Count, rain.Length + Values("lel_pct").Length + Values("disp_mm").Length + Values("smoke_conf").Length);

            // The same seed gives the same file; another seed another one.
            Assert.Equal(0, (await Synth(dir, "--sensors", $"{sensors}", "--days", $"{days}", "--interval", "30m", "--seed", "5", "--out", "again.csv")).Code);
            Assert.Equal(File.ReadAllBytes(csv), File.ReadAllBytes(Path.Combine(dir, "again.csv")));
            Assert.Equal(File.ReadAllBytes(registry), File.ReadAllBytes(Path.Combine(dir, "again.sensors.yaml")));
            Assert.Equal(0, (await Synth(dir, "--sensors", $"{sensors}", "--days", $"{days}", "--interval", "30m", "--seed", "6", "--out", "other.csv")).Code);
            Assert.NotEqual(File.ReadAllBytes(csv), File.ReadAllBytes(Path.Combine(dir, "other.csv")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task A_missing_data_directory_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("warning-synth-").FullName;
        try
        {
            var (code, stderr) = await Synth(dir, "--sensors", "2", "--days", "1", "--data", "no-such-dir", "--out", "season.csv");
            Assert.Equal(2, code);
            Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "season.csv")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void The_shipped_rain_is_the_full_data_sets_rain_and_gives_the_same_season()
    {
        var shipped = SeasonShapes.Shipped();
        var full = SeasonShapes.FromDirectory(RepoPaths.SharedData);
        Assert.Equal(full.RainDays.Count, shipped.RainDays.Count);
        Assert.Equal(full.RainDays.SelectMany(d => d), shipped.RainDays.SelectMany(d => d));

        var dir = Directory.CreateTempSubdirectory("warning-synth-").FullName;
        try
        {
            string Write(SeasonShapes shapes, string name)
            {
                var csv = Path.Combine(dir, name);
                new SyntheticSeason(30, 5, TimeSpan.FromMinutes(10), 42, shapes, ["rain", "landslide", "firecam"]).Write(csv, Path.ChangeExtension(csv, ".sensors.yaml"));
                return csv;
            }
            Assert.Equal(File.ReadAllBytes(Write(full, "full.csv")), File.ReadAllBytes(Write(shipped, "shipped.csv")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
