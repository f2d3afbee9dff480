using Warning.Rules.Evaluation;
using Warning.Rules.Forecasts;
using Warning.Rules.Levels;
using Warning.Rules.Rainstorm;
using Warning.Rules.Torrent;

namespace Warning.Rules.Tests.Forecasts;

/// <summary>Forecast-driven levels of <c>cma-rainstorm</c> and <c>torrent</c>, through the rules as the engine builds them.</summary>
public sealed class ForecastLevelPolicyTests
{
    private static readonly DateTimeOffset T0 = RuleHarness.T0;

    private sealed class Run(string ruleset, string parameters = "{}")
    {
        private readonly RuleHarness _h = new(ruleset, parameters);

        public List<LevelChange> Changes => _h.Changes;

        public LevelState Level => _h.Rule.Level;

        public Run Rain(double hours, double mm)
        {
            _h.At(TimeSpan.FromHours(hours), ("rain_mm", mm));
            return this;
        }

        public Run Forecast(double issuedHours, params (double Hours, double Mm)[] steps)
        {
            var step = ((IUsesForecast)_h.Rule).Forecast(RainForecast.Of(T0.AddHours(issuedHours), "test", steps.Select(s => (T0.AddHours(s.Hours), s.Mm))));
            if (step.Change is { } change) _h.Changes.Add(change);
            return this;
        }
    }

    [Fact]
    public void A_forecast_crossing_within_the_horizon_raises_a_forecast_warning_onset_at_the_crossing()
    {
        var run = new Run("cma-rainstorm").Rain(0, 10).Forecast(0, (1, 40), (2, 55));
        var issued = Assert.Single(run.Changes);
        Assert.Equal((LevelChangeKind.Issued, WarningLevel.Red, WarningBasis.Forecast), (issued.Kind, issued.To, issued.Basis));
        Assert.Equal(T0, issued.At);                          // effective: when the forecast came
        Assert.Equal(T0.AddHours(2), issued.ExpectedOnset);   // onset: when 10 + 40 + 55 = 105 ≥ 100 is expected
        Assert.Equal(105, issued.Evidence!.Value);
    }

    [Fact]
    public void Observation_reaching_the_level_turns_the_same_warning_observed()
    {
        var run = new Run("cma-rainstorm").Rain(0, 10).Forecast(0, (1, 40), (2, 55));
        run.Rain(1, 40);    // observed 50 in 3 h: orange, still below the forecast red — nothing changes
        Assert.Single(run.Changes);
        run.Rain(2, 55);    // observed 105: red, as forecast
        Assert.Equal(2, run.Changes.Count);
        var confirmed = run.Changes[1];
        Assert.Equal((LevelChangeKind.Confirmed, WarningLevel.Red, WarningLevel.Red, WarningBasis.Observed), (confirmed.Kind, confirmed.From, confirmed.To, confirmed.Basis));
        Assert.Equal(T0.AddHours(2), confirmed.At);
        Assert.Null(confirmed.ExpectedOnset);
        Assert.Equal((WarningBasis.Observed, T0.AddHours(2)), (run.Level.Basis, run.Level.Onset));
        Assert.DoesNotContain(run.Changes, c => c.Kind == LevelChangeKind.Issued && c != run.Changes[0]);
    }

    [Fact]
    public void A_withdrawn_forecast_ends_a_forecast_only_warning_at_once_saying_so()
    {
        var run = new Run("cma-rainstorm").Rain(0, 5).Forecast(0, (1, 30), (2, 30));   // 65 ≥ 50 in 3 h: orange by forecast
        Assert.Equal((WarningLevel.Orange, WarningBasis.Forecast), (run.Level.Level, run.Level.Basis));
        run.Forecast(0.5);   // withdrawn
        var ended = run.Changes[^1];
        Assert.Equal((LevelChangeKind.Ended, WarningLevel.None, ForecastLevelPolicy.Withdrawn), (ended.Kind, ended.To, ended.Reason));
        Assert.Equal(T0.AddMinutes(30), ended.At);   // at once, no clearAfter
    }

    [Fact]
    public void A_lowered_forecast_lowers_or_ends_at_once_saying_so()
    {
        var run = new Run("cma-rainstorm").Rain(0, 5).Forecast(0, (1, 50), (2, 50));   // 105: red by forecast
        run.Forecast(0.5, (1, 25), (2, 25));  // 55: orange
        Assert.Equal((LevelChangeKind.Downgraded, WarningLevel.Orange, WarningBasis.Forecast, ForecastLevelPolicy.Lowered),
            (run.Changes[^1].Kind, run.Changes[^1].To, run.Changes[^1].Basis, run.Changes[^1].Reason));
        run.Forecast(0.75, (1, 5), (2, 5));   // 15: nothing, although some rain is still forecast
        Assert.Equal((LevelChangeKind.Ended, ForecastLevelPolicy.Lowered), (run.Changes[^1].Kind, run.Changes[^1].Reason));
    }

    [Fact]
    public void An_observed_warning_is_not_ended_by_a_forecast_issue()
    {
        var run = new Run("cma-rainstorm").Rain(0, 60).Forecast(0, (1, 10));   // observed orange; forecast 70 is orange too
        Assert.Equal((WarningLevel.Orange, WarningBasis.Observed), (run.Level.Level, run.Level.Basis));
        run.Forecast(0.5);
        Assert.Equal(WarningLevel.Orange, run.Level.Level);
        Assert.Single(run.Changes);
    }

    [Fact]
    public void A_forecast_above_an_observed_level_upgrades_with_forecast_basis()
    {
        var run = new Run("cma-rainstorm").Rain(0, 60).Forecast(0, (1, 45));   // observed orange, forecast 105 red
        Assert.Equal([(LevelChangeKind.Issued, WarningLevel.Orange, WarningBasis.Observed), (LevelChangeKind.Upgraded, WarningLevel.Red, WarningBasis.Forecast)],
            run.Changes.Select(c => (c.Kind, c.To, c.Basis)));
        run.Forecast(0.5);   // withdrawn: back to the observed orange at once
        Assert.Equal((LevelChangeKind.Downgraded, WarningLevel.Orange, WarningBasis.Observed, ForecastLevelPolicy.Withdrawn),
            (run.Changes[^1].Kind, run.Changes[^1].To, run.Changes[^1].Basis, run.Changes[^1].Reason));
    }

    [Fact]
    public void A_forecast_that_does_not_come_true_ends_after_clearAfter_like_any_level()
    {
        var run = new Run("cma-rainstorm").Rain(0, 5).Forecast(0, (1, 30), (2, 30));   // orange by forecast
        run.Rain(1, 0);   // 5 observed + 30 still forecast = 35: below since T0+1
        Assert.Equal(WarningLevel.Orange, run.Level.Level);
        run.Rain(2, 0);   // clearAfter PT1H below: the ordinary all-clear, no forecast reason
        Assert.Equal((LevelChangeKind.Ended, null), (run.Changes[^1].Kind, run.Changes[^1].Reason));
        Assert.Equal(T0.AddHours(2), run.Changes[^1].At);
    }

    [Fact]
    public void The_horizon_is_a_param()
    {
        var near = new Run("cma-rainstorm").Rain(0, 0).Forecast(0, (5, 120));
        Assert.Empty(near.Changes);
        var far = new Run("cma-rainstorm", """{"forecastHorizon": "PT6H"}""").Rain(0, 0).Forecast(0, (5, 120));
        Assert.Equal((WarningLevel.Red, T0.AddHours(5)), (far.Changes[0].To, far.Changes[0].ExpectedOnset));
        Assert.Contains("params.forecastHorizon", string.Join(";", RuleHarness.Errors("torrent", """{"forecastHorizon": "soon"}""")));
    }

    [Fact]
    public void Torrent_warns_on_forecast_with_its_village_grades_and_antecedent_factor()
    {
        // wet: 1 h prepare 35 × 0.8 = 28, evacuate 45 × 0.8 = 36.
        var run = new Run("torrent", """{"antecedent": "wet"}""").Rain(0, 2).Forecast(0, (1, 10), (2, 30));
        Assert.Equal((LevelChangeKind.Issued, WarningLevel.Orange, WarningBasis.Forecast, T0.AddHours(2)),
            (run.Changes[0].Kind, run.Changes[0].To, run.Changes[0].Basis, run.Changes[0].ExpectedOnset));
        run.Rain(1, 10).Rain(2, 36);
        Assert.Equal([LevelChangeKind.Issued, LevelChangeKind.Upgraded], run.Changes.Select(c => c.Kind));
        Assert.Equal((WarningLevel.Red, WarningBasis.Observed), (run.Changes[^1].To, run.Changes[^1].Basis));
    }

    [Fact]
    public void Without_forecasts_the_changes_are_those_of_the_observed_rule()
    {
        var plain = new Run("cma-rainstorm");
        foreach (var (h, mm) in new[] { (0.0, 30.0), (1, 30), (2, 45), (3, 0), (4, 0), (5, 0), (6, 0) }) plain.Rain(h, mm);
        Assert.All(plain.Changes, c => Assert.Equal((WarningBasis.Observed, (DateTimeOffset?)null, (string?)null), (c.Basis, c.ExpectedOnset, c.Reason)));
        Assert.Equal([WarningLevel.Orange, WarningLevel.Red, WarningLevel.Orange, WarningLevel.Yellow], plain.Changes.Select(c => c.To)); // the hysteresis steps down
    }
}
