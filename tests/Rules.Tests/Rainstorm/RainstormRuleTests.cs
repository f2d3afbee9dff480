using System.Text.Json;
using Warning.Rules.Evaluation;
using Warning.Rules.Levels;
using Warning.Rules.Parameters;
using Warning.Rules.Rainstorm;

namespace Warning.Rules.Tests.Rainstorm;

public sealed class RainstormRuleTests
{
    private static readonly DateTimeOffset T0 = new(2021, 7, 20, 8, 0, 0, TimeSpan.FromHours(8));

    private static RainstormRule NewRule(RainstormParams? p = null) => new(p ?? RainstormParams.Default, new RainstormState());

    /// <summary>Feeds (hours after T0, mm) and returns the level in force after the last one.</summary>
    private static (WarningLevel Level, List<LevelChange> Changes) Run(params (double Hours, double Mm)[] readings)
    {
        var rule = NewRule();
        var changes = new List<LevelChange>();
        foreach (var (hours, mm) in readings)
        {
            if (rule.Observe(T0.AddHours(hours), mm).Change is { } c) changes.Add(c);
        }
        return (rule.State.Level.Level, changes);
    }

    // Readings as "hours:mm;…" after T0; the level in force after the last one. Each level is probed just below,
    // at and just above its threshold while the lower windows keep the level beneath it.
    [Theory]
    [InlineData("0:24.9;7:25", WarningLevel.None)]            // 12 h 49.9
    [InlineData("0:25;7:25", WarningLevel.Blue)]              // 12 h 50
    [InlineData("0:25.1;7:25", WarningLevel.Blue)]            // 12 h 50.1, 6 h 25
    [InlineData("0:10;5:24.9;9:25", WarningLevel.Blue)]       // 6 h 49.9, 12 h 59.9
    [InlineData("0:10;5:25;9:25", WarningLevel.Yellow)]       // 6 h 50
    [InlineData("0:10;5:25.1;9:25", WarningLevel.Yellow)]     // 6 h 50.1, 3 h 25
    [InlineData("0:30;3.5:24.9;5.5:25", WarningLevel.Yellow)] // 3 h 49.9, 6 h 79.9
    [InlineData("0:30;3.5:25;5.5:25", WarningLevel.Orange)]   // 3 h 50
    [InlineData("0:30;3.5:49.9;5.5:50", WarningLevel.Orange)] // 3 h 99.9
    [InlineData("0:30;3.5:50;5.5:50", WarningLevel.Red)]      // 3 h 100
    [InlineData("0:30;3.5:50.1;5.5:50", WarningLevel.Red)]    // 3 h 100.1
    public void Levels_follow_the_window_thresholds_at_their_boundaries(string readings, WarningLevel expected)
    {
        var parsed = readings.Split(';').Select(r => r.Split(':'))
            .Select(p => (double.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        var (level, _) = Run(parsed);
        Assert.Equal(expected, level);
    }

    [Fact]
    public void A_window_includes_its_end_and_excludes_its_start()
    {
        // 25 at T0 and 25 at T0+3h: the 3 h window at T0+3h is (T0, T0+3h], so it holds 25 only; the 6 h window holds 50.
        var rule = NewRule();
        rule.Observe(T0, 25);
        rule.Observe(T0.AddHours(3), 25);
        Assert.Equal(25, rule.Sum(T0.AddHours(3), TimeSpan.FromHours(3)));
        Assert.Equal(50, rule.Sum(T0.AddHours(3), TimeSpan.FromHours(6)));
        Assert.Equal(WarningLevel.Yellow, rule.State.Level.Level);
    }

    [Fact]
    public void Contract_example_gives_red_at_the_third_reading_with_105_mm_over_three_hours()
    {
        var (level, changes) = Run((0, 40), (1, 35), (2, 30));
        Assert.Equal(WarningLevel.Red, level);
        Assert.Equal(2, changes.Count);
        Assert.Equal((LevelChangeKind.Issued, WarningLevel.Orange, T0.AddHours(1)), (changes[0].Kind, changes[0].To, changes[0].At));
        var red = changes[1];
        Assert.Equal((LevelChangeKind.Upgraded, WarningLevel.Red, T0.AddHours(2)), (red.Kind, red.To, red.At));
        Assert.Equal(new Evidence("rain_mm", TimeSpan.FromHours(3), 105, 100), red.Evidence);
    }

    [Fact]
    public void Levels_go_down_only_after_clearAfter_below_and_end_with_an_all_clear()
    {
        var rule = NewRule();
        rule.Observe(T0, 60);
        Assert.Equal(WarningLevel.Red, rule.Observe(T0.AddMinutes(30), 45).Change?.To); // 105 in 3 h

        // 10-minute zeros: the 3 h sum stays 105 until T0+3h, then drops below every threshold of the shorter windows.
        var changes = new List<LevelChange>();
        for (var m = 40; m <= 16 * 60; m += 10)
        {
            if (rule.Observe(T0.AddMinutes(m), 0).Change is { } c) changes.Add(c);
        }

        // At T0+3h the 3 h sum is 45 (orange's 50 not met) but the 6 h sum is 105 (yellow): below red since T0+3h.
        // Red holds until T0+4h (clearAfter 1 h), then goes to the highest level seen meanwhile: yellow.
        Assert.Equal(new[] { LevelChangeKind.Downgraded, LevelChangeKind.Downgraded, LevelChangeKind.Ended }, changes.Select(c => c.Kind));
        Assert.Equal((WarningLevel.Yellow, T0.AddHours(4)), (changes[0].To, changes[0].At));
        // At T0+6h the 6 h sum is 45, below yellow; the 12 h sum is still 105 (blue) → blue an hour later.
        Assert.Equal((WarningLevel.Blue, T0.AddHours(7)), (changes[1].To, changes[1].At));
        // At T0+12h the 12 h sum is 45, below blue; one hour later the all-clear.
        Assert.Equal((WarningLevel.None, T0.AddHours(13)), (changes[2].To, changes[2].At));
        Assert.Null(changes[2].Evidence);
    }

    [Fact]
    public void Rain_returning_before_clearAfter_keeps_the_level_without_a_new_warning()
    {
        var rule = NewRule();
        rule.Observe(T0, 50);                                          // orange (3 h ≥ 50)
        Assert.Null(rule.Observe(T0.AddHours(3), 0).Change);           // 3 h sum 0: below since T0+3h
        Assert.Null(rule.Observe(T0.AddHours(3.5), 50).Change);        // back at orange within the hour
        Assert.Null(rule.Observe(T0.AddMinutes(396), 0).Change);       // 3 h sum 0 again: below since T0+6h36
        Assert.Null(rule.Observe(T0.AddMinutes(455), 0).Change);       // 59 min later: still orange
        Assert.Equal(WarningLevel.Orange, rule.State.Level.Level);
        var change = rule.Observe(T0.AddMinutes(456), 0).Change;      // a full hour below: down to yellow (6 h sum 50)
        Assert.Equal((LevelChangeKind.Downgraded, WarningLevel.Yellow), (change?.Kind, change?.To));
    }

    [Fact]
    public void Duplicate_timestamps_replace_rather_than_add()
    {
        var rule = NewRule();
        rule.Observe(T0, 40);
        rule.Observe(T0, 40);
        Assert.Equal(40, rule.Sum(T0, TimeSpan.FromHours(3)));
    }

    [Fact]
    public void A_late_reading_within_the_window_is_placed_at_its_event_time()
    {
        var rule = NewRule();
        rule.Observe(T0.AddHours(2), 30);
        rule.Observe(T0, 40);              // late, still inside the 12 h horizon
        rule.Observe(T0.AddHours(1), 35);
        Assert.Equal(105, rule.Sum(T0.AddHours(2), TimeSpan.FromHours(3)));
        Assert.Equal(WarningLevel.Red, rule.State.Level.Level);
    }

    [Fact]
    public void A_reading_older_than_the_longest_window_is_not_evaluated()
    {
        var rule = NewRule();
        rule.Observe(T0.AddHours(25), 1);   // samples are kept for 24 h (a coupled landslide point asks for that)
        Assert.False(rule.Observe(T0, 500).Evaluated);
        Assert.Equal(WarningLevel.None, rule.State.Level.Level);
    }

    [Fact]
    public void Short_heavy_rain_is_a_notice_not_a_level()
    {
        var rule = NewRule();
        var step = rule.Observe(T0, 20);
        Assert.Equal(RainstormRule.NoticeCode, step.Notice?.Code);
        Assert.Null(step.Change);
        Assert.Null(rule.Observe(T0.AddMinutes(30), 1).Notice); // same burst
    }

    [Fact]
    public void Params_override_thresholds_and_clearAfter()
    {
        using var doc = JsonDocument.Parse("""{"red": {"window": "PT1H", "mm": 30}, "clearAfter": "PT2H"}""");
        var errors = new List<ParamError>();
        var p = RainstormParams.Parse(doc.RootElement, errors);
        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromHours(2), p.ClearAfter);
        Assert.Equal(new RainstormThreshold(WarningLevel.Red, TimeSpan.FromHours(1), 30), p.Thresholds.Single(t => t.Level == WarningLevel.Red));
        var rule = new RainstormRule(p, new RainstormState());
        Assert.Equal(WarningLevel.Red, rule.Observe(T0, 30).Change?.To);
    }

    [Fact]
    public void A_reading_that_changes_nothing_shares_the_one_unchanged_step_and_one_that_does_has_its_own()
    {
        var rule = NewRule();
        Assert.Same(RuleStep.Unchanged, rule.Observe(T0, 1));
        var heavy = rule.Observe(T0.AddMinutes(5), 25); // 26 mm in the hour: the heavy-rain notice, no level yet
        Assert.Equal((true, null), (heavy.Evaluated, heavy.Change));
        Assert.Equal(RainstormRule.NoticeCode, heavy.Notice?.Code);
        var orange = rule.Observe(T0.AddMinutes(10), 24); // 50 mm within 3 h
        Assert.Equal(WarningLevel.Orange, orange.Change?.To);
        Assert.Same(RuleStep.Unchanged, rule.Observe(T0.AddMinutes(15), 0));
    }

    [Fact]
    public void Bad_params_are_all_reported_with_their_field()
    {
        using var doc = JsonDocument.Parse("""{"red": {"window": "3 hours", "mm": -1}, "clearAfter": 5}""");
        var errors = new List<ParamError>();
        RainstormParams.Parse(doc.RootElement, errors);
        Assert.Equal(
            [
                "params.red.window: expected an ISO 8601 duration such as \"PT3H\", got \"3 hours\"",
                "params.red.mm: expected a number > 0, got -1",
                "params.clearAfter: expected an ISO 8601 duration such as \"PT3H\", got 5",
            ],
            errors.Select(e => e.ToString()));
    }
}
