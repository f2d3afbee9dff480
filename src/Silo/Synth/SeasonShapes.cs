using System.Globalization;

namespace Warning.Silo.Synth;

/// <summary>
/// The series a synthetic season is shaped from: whole days of real hourly rain, and a gas series. Either the
/// extract shipped beside the binary (<see cref="Shipped"/>: the Biliuhe rain, GPL v3, see Synth/Data/PROVENANCE.md —
/// a data file of its own with its licence next to it, read at run time, not compiled into the program), or a
/// full data directory (<see cref="FromDirectory"/>: the same rain from <c>biliuhe/</c>, and the real methane logger
/// from <c>methane/</c> when it is there).
/// </summary>
public sealed class SeasonShapes
{
    /// <summary>The shipped file, beside the binary: every BLH-RAIN-01 value, 24 a line, as <c>Synth/Data/extract.sh</c> writes it.</summary>
    public static readonly string RainFile = Path.Combine(AppContext.BaseDirectory, "Synth", "Data", "biliuhe-rain.csv");

    private const string MethaneFile = "methane-afc-onboard.csv";

    /// <summary>Hourly rain in mm, 24 values a day, days in the order of the record.</summary>
    public required IReadOnlyList<double[]> RainDays { get; init; }

    /// <summary>Methane in ppm, one value a step, never negative.</summary>
    public required double[] Gas { get; init; }

    /// <summary>Where the gas series came from: the real logger's file, or <see cref="GeneratedGas"/>.</summary>
    public required string GasSource { get; init; }

    /// <summary>The shipped extract. The methane logger's licence is not stated, so it is not shipped: the gas is generated.</summary>
    public static SeasonShapes Shipped()
    {
        if (!File.Exists(RainFile)) throw new FileNotFoundException($"synth: the shipped rain extract is missing from the build output ({RainFile})", RainFile);
        using var reader = new StreamReader(RainFile);
        var hours = new List<double>(81_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            hours.AddRange(line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)));
        }
        return new SeasonShapes { RainDays = Days(hours), Gas = GeneratedGas(), GasSource = "generated" };
    }

    /// <summary>A full data directory laid out as <c>../shared/data</c>: <c>biliuhe/biliuhe-*.csv</c>, and <c>methane/</c> if present.</summary>
    public static SeasonShapes FromDirectory(string dir)
    {
        var biliuhe = Path.Combine(dir, "biliuhe");
        if (!Directory.Exists(biliuhe)) throw new DirectoryNotFoundException($"synth: no biliuhe/ in the data directory {dir}");
        var hours = Directory.GetFiles(biliuhe, "biliuhe-*.csv").Order()
            .SelectMany(f => File.ReadLines(f).Skip(1))
            .Select(l => l.Split(','))
            .Where(f => f[2] == "BLH-RAIN-01")
            .Select(f => double.Parse(f[4], CultureInfo.InvariantCulture))
            .ToList();
        var methane = Path.Combine(dir, "methane", MethaneFile);
        return File.Exists(methane)
            ? new SeasonShapes { RainDays = Days(hours), Gas = LoadSeries(methane, "ch4_ppm"), GasSource = methane }
            : new SeasonShapes { RainDays = Days(hours), Gas = GeneratedGas(), GasSource = "generated" };
    }

    /// <summary>
    /// A stand-in for the methane logger, which cannot be shipped: a baseline of about 6 ppm with noise, and every
    /// 4,096 steps a release that rises over 256 steps to a peak of 20–800 ppm (the logger's range: 797 ppm at most),
    /// holds for 512 and clears with a 300-step time constant. Fixed seed, so the same on every run.
    /// </summary>
    public static double[] GeneratedGas()
    {
        const int length = 53_248, cycle = 4_096, rise = 256, hold = 512;
        var random = new Random(20240516);
        var gas = new double[length];
        var peak = 0.0;
        for (var i = 0; i < length; i++)
        {
            var p = i % cycle;
            if (p == 0) peak = 20 + random.NextDouble() * 780;
            var baseline = 6 + (random.NextDouble() - 0.5) * 3;
            var plume = p < 1_024 ? 0
                : p < 1_024 + rise ? peak * (p - 1_024) / rise
                : p < 1_024 + rise + hold ? peak * (0.97 + random.NextDouble() * 0.06)
                : peak * Math.Exp(-(p - 1_024 - rise - hold) / 300.0);
            gas[i] = Math.Round(Math.Max(0, baseline + plume), 2);
        }
        return gas;
    }

    private static List<double[]> Days(List<double> hours) =>
        Enumerable.Range(0, hours.Count / 24).Select(d => hours.GetRange(d * 24, 24).ToArray()).ToList();

    private static double[] LoadSeries(string path, string metric) =>
        File.ReadLines(path).Skip(1).Select(l => l.Split(',')).Where(f => f[3] == metric)
            .Select(f => Math.Max(0, double.Parse(f[4], CultureInfo.InvariantCulture))).ToArray();
}
