using Warning.Rules.Evaluation;
using Warning.Rules.Levels;
using Warning.Rules.TangentialAngle;
using Warning.Tests.Shared;

namespace Warning.Rules.Tests.TangentialAngle;

public sealed class TangentialAngleRuleTests
{
    // v0 = 1 mm/day and a 1-day velocity window: one day's movement d gives α = atan(d) exactly.
    private const string Unit = """{"v0": 1, "velocityWindow": "P1D", "minDisplacement": 0}""";

    private static WarningLevel AfterOneDay(double degrees)
    {
        var d = Math.Tan(degrees * Math.PI / 180);
        return new RuleHarness("tangential-angle", Unit)
            .At(TimeSpan.Zero, ("disp_mm", 100))
            .At(TimeSpan.FromDays(1), ("disp_mm", 100 + d)).Level;
    }

    [Theory]
    [InlineData(39.99, WarningLevel.None)]
    [InlineData(40, WarningLevel.Blue)]     // 注意级
    [InlineData(45, WarningLevel.Blue)]     // steady creep
    [InlineData(49.99, WarningLevel.Blue)]
    [InlineData(50, WarningLevel.Yellow)]   // 警示级
    [InlineData(79.99, WarningLevel.Yellow)]
    [InlineData(80, WarningLevel.Orange)]   // 警戒级
    [InlineData(84.99, WarningLevel.Orange)]
    [InlineData(85, WarningLevel.Red)]      // 警报级
    [InlineData(89, WarningLevel.Red)]
    public void Angle_boundaries(double degrees, WarningLevel expected) => Assert.Equal(expected, AfterOneDay(degrees));

    [Theory]
    [InlineData(45, 49.9, WarningLevel.Blue)]
    [InlineData(45, 50, WarningLevel.Yellow)]   // blue raised one level by 50 mm in 24 h at the coupled gauge
    [InlineData(82, 80, WarningLevel.Red)]      // orange raised to red
    [InlineData(30, 200, WarningLevel.None)]    // a slope that does not move is not raised
    public void Heavy_rain_at_the_coupled_gauge_raises_one_level(double degrees, double rain, WarningLevel expected)
    {
        var h = new RuleHarness("tangential-angle", """{"v0": 1, "velocityWindow": "P1D", "minDisplacement": 0, "rainSensor": "R1"}""");
        var coupled = (IUsesRainCoupling)h.Rule;
        Assert.Equal("R1", coupled.RainSensor);
        coupled.CoupledRain = rain;
        h.At(TimeSpan.Zero, ("disp_mm", 0)).At(TimeSpan.FromDays(1), ("disp_mm", Math.Tan(degrees * Math.PI / 180)));
        Assert.Equal(expected, h.Level);
        if (expected > WarningLevel.Blue && rain >= 50) Assert.Equal(("rain_mm", rain, 50.0), (h.Changes[^1].Evidence!.Metric, h.Changes[^1].Evidence!.Value, h.Changes[^1].Evidence!.Threshold));
    }

    [Fact]
    public void Movement_below_the_noise_floor_is_no_movement()
    {
        var h = new RuleHarness("tangential-angle", """{"v0": 0.1, "velocityWindow": "P1D"}""")
            .At(TimeSpan.Zero, ("disp_mm", 10)).At(TimeSpan.FromDays(1), ("disp_mm", 11.9));
        Assert.Equal(WarningLevel.None, h.Level);
    }

    [Fact]
    public void V0_is_estimated_from_the_baseline_when_not_given()
    {
        var h = new RuleHarness("tangential-angle", """{"baseline": "P10D", "minDisplacement": 0}""");
        for (var day = 0; day <= 10; day++) h.At(TimeSpan.FromDays(day), ("disp_mm", 2.0 * day)); // 2 mm/day
        var state = (TangentialAngleState)h.Rule.State;
        Assert.Equal((2.0, true), (state.V0, state.V0Estimated));
        Assert.Equal(WarningLevel.Blue, h.Level); // steady creep: 45°
        h.At(TimeSpan.FromDays(11), ("disp_mm", 20 + 2 * Math.Tan(86 * Math.PI / 180)));
        Assert.Equal(WarningLevel.Red, h.Level);
    }

    [Fact]
    public void Impossible_angles_are_refused() =>
        Assert.Equal(["params.orange: expected above yellow (50°), got 45°", "params.red: expected an angle below 90°, got 95"],
            RuleHarness.Errors("tangential-angle", """{"orange": 45, "red": 95}"""));

    /// <summary>Baishuihe point ZG93 moved 355 mm from June to July 2007 (monthly GNSS): the rule marks that acceleration.</summary>
    [Fact]
    public void Baishuihe_ZG93_2007_acceleration_is_marked()
    {
        var h = new RuleHarness("tangential-angle", """{"velocityWindow": "P30D", "baseline": "P90D"}""");
        var rows = ReplayRow.Read(Path.Combine(RepoPaths.SharedData, "baishuihe", "baishuihe.csv")).Where(r => r.Sensor == "BSH-ZG93").ToList();
        foreach (var r in rows) h.At(r.Ts, (r.Metric, r.Value));

        var in2007 = h.Changes.Where(c => c.At.Year == 2007).ToList();
        Assert.Contains(in2007, c => c.To == WarningLevel.Red && c.At.Month is 6 or 7);
        Assert.DoesNotContain(in2007, c => c.To >= WarningLevel.Orange && c.At.Month < 5);
        Assert.Contains(in2007, c => c.Kind == LevelChangeKind.Ended && c.At.Month >= 8); // the slope settles after the flood season
    }
}
