using Warning.Rules.Forecasts;

namespace Warning.Rules.Tests.Forecasts;

public sealed class ForecastSeriesTests
{
    private static readonly DateTimeOffset T0 = RuleHarness.T0;

    private static RainForecast Issue(double issuedHours, params (double Hours, double Mm)[] steps) =>
        RainForecast.Of(T0.AddHours(issuedHours), "test", steps.Select(s => (T0.AddHours(s.Hours), s.Mm)));

    private static List<(double, double)> Held(ForecastSeries series) =>
        series.Steps.Select(s => ((s.Ts - T0).TotalHours, s.RainMm)).ToList();

    [Fact]
    public void A_newer_issue_replaces_older_steps_within_its_span_and_keeps_the_rest()
    {
        var series = new ForecastSeries();
        series.Apply(Issue(0, (1, 10), (2, 10), (3, 10), (4, 10)));
        series.Apply(Issue(1, (2, 5), (3, 6)));
        Assert.Equal([(1.0, 10.0), (2.0, 5.0), (3.0, 6.0), (4.0, 10.0)], Held(series));
        Assert.Equal(T0.AddHours(1), series.Issued);
    }

    [Fact]
    public void An_older_issue_arriving_late_does_not_replace_a_newer_ones_steps()
    {
        var series = new ForecastSeries();
        series.Apply(Issue(1, (2, 5)));
        series.Apply(Issue(0, (1, 10), (2, 10), (3, 10)));
        Assert.Equal([(1.0, 10.0), (2.0, 5.0), (3.0, 10.0)], Held(series));
        Assert.Equal(T0.AddHours(1), series.Issued);
    }

    [Fact]
    public void An_issue_without_steps_withdraws_every_step_after_its_issue_time()
    {
        var series = new ForecastSeries();
        series.Apply(Issue(0, (1, 10), (2, 10), (3, 10)));
        series.Apply(Issue(1.5));
        Assert.Equal([(1.0, 10.0)], Held(series));
        Assert.False(series.RainAfter(T0.AddHours(1)));
    }

    [Fact]
    public void Observed_times_are_pruned()
    {
        var series = new ForecastSeries();
        series.Apply(Issue(0, (1, 10), (2, 10), (3, 10)));
        series.Prune(T0.AddHours(2));
        Assert.Equal([(3.0, 10.0)], Held(series));
    }
}
