using Warning.Rules.Evaluation;
using Warning.Rules.Levels;
using Warning.Tests.Shared;

namespace Warning.Rules.Tests.GasDetection;

/// <summary>
/// Real gas series run through <c>gbt50493</c> end to end without error. Ambient and low-cost-logger data never reach
/// the %LEL setpoints, so each series is watched through process setpoints on its own metric:
/// methane 100 / 500 ppm (an early-leak screen: 500 ppm is 1 %LEL), and CO 4 / 10 mg/m³
/// (GB 3095-2012 ambient 24-h and 1-h limits). The counts are pinned so a change in the rule shows here.
/// </summary>
public sealed class RealGasSeriesTests
{
    [Theory]
    [InlineData("methane/methane-afc-onboard.csv", "AFC-FIGARO-01", "ch4_ppm", 100, 500, 53248, 2, 4)]
    [InlineData("uci-air-quality/uci-air-quality.csv", "UCI-AQ-01", "co_mg_m3", 4, 10, 7674, 311, 3)]
    public void Series_evaluate_without_error(string file, string sensor, string metric, double high, double highHigh, int readings, int warnings, int toOrange)
    {
        var parameters = System.Text.Json.JsonSerializer.Serialize(new { detector = "process", process = new Dictionary<string, object> { [metric] = new { high, highHigh } } });
        var h = new RuleHarness("gbt50493", parameters);
        var rows = ReplayRow.Read(Path.Combine(RepoPaths.SharedData, file)).Where(r => r.Sensor == sensor && r.Metric == metric).ToList();
        foreach (var r in rows) h.At(r.Ts, (r.Metric, r.Value));

        var issued = h.Changes.Count(c => c.Kind == LevelChangeKind.Issued);
        var orange = h.Changes.Count(c => c.To == WarningLevel.Orange);
        Assert.Equal((readings, warnings, toOrange), (rows.Count, issued, orange));
    }
}
