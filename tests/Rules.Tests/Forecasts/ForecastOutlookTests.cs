using Warning.Rules.Forecasts;
using Warning.Rules.Levels;
using Warning.Rules.Rainstorm;

namespace Warning.Rules.Tests.Forecasts;

public sealed class ForecastOutlookTests
{
    private static readonly DateTimeOffset T0 = RuleHarness.T0;

    private static RainstormRule Observed(params (double Hours, double Mm)[] readings)
    {
        var rule = new RainstormRule(RainstormParams.Default, new RainstormState());
        foreach (var (h, mm) in readings) rule.Observe(T0.AddHours(h), mm);
        return rule;
    }

    private static List<ForecastStep> Steps(params (double Hours, double Mm)[] steps) =>
        steps.Select(s => new ForecastStep(T0.AddHours(s.Hours), s.Mm, T0)).ToList();

    private static ForecastCrossing? Outlook(RainstormRule rule, DateTimeOffset? until, List<ForecastStep> steps, double horizonHours = 3) =>
        ForecastOutlook.Highest(RainstormParams.Default.Thresholds, rule, until, steps, until ?? T0, TimeSpan.FromHours(horizonHours), "rain_mm");

    [Fact]
    public void Observed_rain_in_the_window_plus_forecast_for_the_rest_gives_the_crossing()
    {
        // 40 mm fell in the hour to T0+1; 30 then 35 forecast: the 3 h window ending at T0+3 holds 40 + 30 + 35 = 105 ≥ 100 (red).
        var rule = Observed((1, 40));
        var found = Outlook(rule, T0.AddHours(1), Steps((2, 30), (3, 35)));
        Assert.NotNull(found);
        Assert.Equal(WarningLevel.Red, found.Level);
        Assert.Equal(T0.AddHours(3), found.Crossing);
        Assert.Equal((105.0, 100.0, TimeSpan.FromHours(3)), (found.Evidence.Value, found.Evidence.Threshold, found.Evidence.Window));
    }

    [Fact]
    public void Observed_rain_that_leaves_the_window_before_the_step_does_not_count()
    {
        // 40 mm at T0+1 is outside the 3 h window ending at T0+4: 30 + 35 + 30 = 95 < 100 at T0+4; at T0+3 40 + 30 + 35 = 105.
        var rule = Observed((1, 40));
        var found = Outlook(rule, T0.AddHours(1), Steps((2, 30), (3, 35), (4, 30)));
        Assert.Equal(T0.AddHours(3), found!.Crossing);
        // 40 mm would make 105 at T0+4 if it still counted; the window (T0+1, T0+4] holds 0 + 5 + 60 = 65: orange.
        var late = Outlook(rule, T0.AddHours(1), Steps((2, 0), (3, 5), (4, 60)));
        Assert.Equal((WarningLevel.Orange, T0.AddHours(4), 65.0), (late!.Level, late.Crossing, late.Evidence.Value));
    }

    [Fact]
    public void A_crossing_beyond_the_horizon_does_not_warn()
    {
        var rule = Observed((0, 0));
        Assert.Null(Outlook(rule, T0, Steps((4, 120)), horizonHours: 3));
        Assert.Equal(WarningLevel.Red, Outlook(rule, T0, Steps((4, 120)), horizonHours: 4)!.Level);
    }

    [Fact]
    public void Steps_already_observed_are_not_counted()
    {
        var rule = Observed((1, 10), (2, 10));
        Assert.Null(Outlook(rule, T0.AddHours(2), Steps((1, 60), (2, 60))));
    }
}
