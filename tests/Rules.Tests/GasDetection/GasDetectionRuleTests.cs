using Warning.Rules.Evaluation;
using Warning.Rules.Levels;

namespace Warning.Rules.Tests.GasDetection;

public sealed class GasDetectionRuleTests
{
    private const string Toxic = """{"detector": "toxic", "gas": "H2S", "oelPpm": 10}""";

    private static WarningLevel One(string metric, double value, string p = "{}") =>
        new RuleHarness("gbt50493", p).At(TimeSpan.Zero, (metric, value)).Level;

    [Theory]
    [InlineData(24.9, WarningLevel.None)]
    [InlineData(25, WarningLevel.Yellow)]   // first-level alarm
    [InlineData(25.1, WarningLevel.Yellow)]
    [InlineData(49.9, WarningLevel.Yellow)]
    [InlineData(50, WarningLevel.Orange)]   // second-level alarm
    [InlineData(50.1, WarningLevel.Orange)]
    [InlineData(99.9, WarningLevel.Orange)]
    [InlineData(100, WarningLevel.Red)]
    public void Combustible_gas_setpoints(double lel, WarningLevel expected) => Assert.Equal(expected, One("lel_pct", lel));

    [Theory]
    [InlineData(9.9, WarningLevel.None)]
    [InlineData(10, WarningLevel.Yellow)]   // 1 × OEL
    [InlineData(10.1, WarningLevel.Yellow)]
    [InlineData(19.9, WarningLevel.Yellow)]
    [InlineData(20, WarningLevel.Orange)]   // 2 × OEL
    [InlineData(20.1, WarningLevel.Orange)]
    public void Toxic_gas_against_its_exposure_limit(double ppm, WarningLevel expected) => Assert.Equal(expected, One("toxic_ppm", ppm, Toxic));

    [Theory]
    [InlineData(19.4, WarningLevel.Yellow)]  // oxygen deficiency
    [InlineData(19.5, WarningLevel.None)]
    [InlineData(20.9, WarningLevel.None)]
    [InlineData(23.5, WarningLevel.None)]
    [InlineData(23.6, WarningLevel.Yellow)]  // enrichment
    public void Oxygen_outside_its_band(double o2, WarningLevel expected) => Assert.Equal(expected, One("o2_vol_pct", o2));

    [Theory]
    [InlineData(84.9, WarningLevel.None)]
    [InlineData(85, WarningLevel.Yellow)]
    [InlineData(94.9, WarningLevel.Yellow)]
    [InlineData(95, WarningLevel.Orange)]
    public void Process_values_against_high_and_high_high(double level, WarningLevel expected) =>
        Assert.Equal(expected, One("level_pct", level, """{"detector": "process", "process": {"level_pct": {"high": 85, "highHigh": 95}}}"""));

    [Fact]
    public void A_reading_with_some_metrics_keeps_the_latest_of_the_others_and_clears_after_clearAfter()
    {
        var h = new RuleHarness("gbt50493").At(TimeSpan.Zero, ("lel_pct", 30), ("o2_vol_pct", 20.9));
        h.At(TimeSpan.FromMinutes(1), ("o2_vol_pct", 20.9));             // lel still 30
        Assert.Equal(WarningLevel.Yellow, h.Level);
        h.At(TimeSpan.FromMinutes(2), ("lel_pct", 0));                    // below since 2 min
        h.At(TimeSpan.FromMinutes(6.9), ("lel_pct", 0));
        Assert.Equal(WarningLevel.Yellow, h.Level);
        h.At(TimeSpan.FromMinutes(7), ("lel_pct", 0));                    // clearAfter PT5M
        Assert.Equal([LevelChangeKind.Issued, LevelChangeKind.Ended], h.Changes.Select(c => c.Kind));
    }

    [Fact]
    public void A_toxic_detector_without_gas_and_limit_is_refused()
    {
        Assert.Equal(
            [
                "params.gas: is required for a toxic detector: the gas it measures, e.g. \"H2S\"",
                "params.oelPpm: is required for a toxic detector: the gas's occupational exposure limit in ppm (GBZ 2.1), e.g. 10 for H2S",
            ],
            RuleHarness.Errors("gbt50493", """{"detector": "toxic"}"""));
        Assert.Equal(["params.lel1: expected below lel2 (40), got 60", "params.process.temp_c.high: expected below highHigh (80), got 90"],
            RuleHarness.Errors("gbt50493", """{"lel1": 60, "lel2": 40, "process": {"temp_c": {"high": 90, "highHigh": 80}}}"""));
    }
}
