using System.Globalization;
using System.Text;

namespace Warning.Silo.Synth;

/// <summary>
/// A synthetic season for scale tests, built from real shapes: rain from the Biliuhe hourly record (whole days drawn
/// at random, scaled 0.5–1.6 ×, shifted, spread over the interval with noise), landslide displacement following the
/// Baishuihe ZG93 creep-then-surge curve, gas from the methane logger's real values when a full data directory has
/// them (else a generated release-and-clear series, see <see cref="SeasonShapes.GeneratedGas"/>), and camera frames with
/// rare smoke events. Some gauges drop out for hours. Rows come out sorted by event time; a registry for them is written
/// beside the CSV. The same seed gives the same file.
/// </summary>
public sealed class SyntheticSeason(int sensors, int days, TimeSpan interval, int seed, SeasonShapes shapes, IReadOnlyList<string> kinds)
{
    private static readonly DateTimeOffset Start = new(2021, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));

    public long Write(string csvPath, string registryPath)
    {
        var random = new Random(seed);
        var rainDays = shapes.RainDays.ToList();
        var methane = shapes.Gas;
        var steps = (int)(TimeSpan.FromDays(days) / interval);
        var perHour = TimeSpan.FromHours(1) / interval;
        var plans = Enumerable.Range(0, sensors).Select(i => SensorPlan.Create(i, kinds[i % kinds.Count], random, rainDays, days, steps)).ToList();

        File.WriteAllText(registryPath, Registry(plans));
        long rows = 0;
        using var writer = new StreamWriter(csvPath, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("ts,kind,sensor,metric,value\n");
        var line = new StringBuilder(96);
        for (var step = 0; step < steps; step++)
        {
            var ts = (Start + interval * step).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            foreach (var plan in plans)
            {
                if (plan.DroppedAt(step)) continue;
                var (metric, value) = plan.Kind switch
                {
                    "rain" => ("rain_mm", plan.Rain(step, perHour, random)),
                    "landslide" => ("disp_mm", plan.Displacement(step, steps)),
                    "chemical" => ("lel_pct", methane[(step + plan.Offset) % methane.Length] / 500.0 * plan.Scale),
                    _ => ("smoke_conf", plan.Smoke(step, random)),
                };
                line.Clear().Append(ts).Append(',').Append(plan.Kind).Append(',').Append(plan.Id).Append(',').Append(metric).Append(',')
                    .Append(Math.Round(value, 3).ToString(CultureInfo.InvariantCulture)).Append('\n');
                writer.Write(line);
                rows++;
            }
        }
        return rows;
    }

    private static string Registry(List<SensorPlan> plans)
    {
        var sb = new StringBuilder("# Written by ./warning synth for the season beside it.\n");
        foreach (var p in plans)
        {
            var ruleset = p.Kind switch { "rain" => "cma-rainstorm", "landslide" => "tangential-angle", "chemical" => "gbt50493", _ => "firecam" };
            var extra = p.Kind == "landslide" ? ", params: {v0: 0.5, velocityWindow: P1D}" : "";
            sb.Append(CultureInfo.InvariantCulture, $"- {{id: {p.Id}, kind: {p.Kind}, region: \"{p.Region}\", areas: [\"{p.Region}{p.Index % 50:D3}\"], ruleset: {ruleset}{extra}}}\n");
        }
        return sb.ToString();
    }
}
