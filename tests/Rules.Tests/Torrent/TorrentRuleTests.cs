using Warning.Rules.Evaluation;
using Warning.Rules.Levels;

namespace Warning.Rules.Tests.Torrent;

public sealed class TorrentRuleTests
{
    private static WarningLevel After(double mm, string p = "{}") =>
        new RuleHarness("torrent", p).At(TimeSpan.Zero, ("rain_mm", mm)).Level;

    [Theory]
    [InlineData(34.9, WarningLevel.None)]
    [InlineData(35, WarningLevel.Orange)]   // 1 h prepare (准备转移)
    [InlineData(35.1, WarningLevel.Orange)]
    [InlineData(44.9, WarningLevel.Orange)]
    [InlineData(45, WarningLevel.Red)]      // 1 h evacuate (立即转移)
    [InlineData(45.1, WarningLevel.Red)]
    public void One_hour_grades_of_the_default_table(double mm, WarningLevel expected) => Assert.Equal(expected, After(mm));

    [Fact]
    public void Longer_windows_sum_their_rain()
    {
        // 20 mm every hour: 1 h never reaches 35, 3 h reaches 60 ≥ 55 (prepare) at the third hour, 6 h 120 ≥ 95 at the fifth.
        var h = new RuleHarness("torrent");
        for (var i = 0; i < 5; i++) h.At(TimeSpan.FromHours(i), ("rain_mm", 20));
        Assert.Equal([(WarningLevel.Orange, "PT3H", 60.0, 55.0), (WarningLevel.Red, "PT6H", 100.0, 95.0)],
            h.Changes.Select(c => (c.To, System.Xml.XmlConvert.ToString(c.Evidence!.Window), c.Evidence.Value, c.Evidence.Threshold)));
    }

    [Theory]
    [InlineData("wet", 27.9, WarningLevel.None)]
    [InlineData("wet", 28, WarningLevel.Orange)]  // 35 × 0.8
    [InlineData("dry", 38.4, WarningLevel.None)]
    [InlineData("dry", 38.5, WarningLevel.Orange)] // 35 × 1.1
    [InlineData("1.2", 42, WarningLevel.Orange)]
    public void The_antecedent_factor_scales_every_threshold(string antecedent, double mm, WarningLevel expected)
    {
        var p = double.TryParse(antecedent, System.Globalization.CultureInfo.InvariantCulture, out var f) ? $$"""{"antecedent": {{f}}}""" : $$"""{"antecedent": "{{antecedent}}"}""";
        Assert.Equal(expected, After(mm, p));
    }

    [Fact]
    public void A_village_table_replaces_the_default()
    {
        Assert.Equal(WarningLevel.Red, After(30, """{"windows": {"PT1H": {"prepare": 20, "evacuate": 30}}}"""));
    }

    [Fact]
    public void Red_ends_with_an_all_clear_after_clearAfter_below()
    {
        var h = new RuleHarness("torrent").At(TimeSpan.Zero, ("rain_mm", 45));
        h.At(TimeSpan.FromMinutes(30), ("rain_mm", 0)).At(TimeSpan.FromHours(1), ("rain_mm", 0)); // 1 h sum 0 from here
        Assert.Equal(WarningLevel.Red, h.Level);
        h.At(TimeSpan.FromMinutes(119), ("rain_mm", 0));
        Assert.Equal(WarningLevel.Red, h.Level);
        h.At(TimeSpan.FromHours(2), ("rain_mm", 0));
        Assert.Equal(LevelChangeKind.Ended, h.Changes[^1].Kind);
        Assert.Equal(RuleHarness.T0.AddHours(2), h.Changes[^1].At);
    }

    [Fact]
    public void Impossible_tables_are_refused_naming_the_field()
    {
        Assert.Equal(
            [
                "params.windows.PT1H.prepare: expected below evacuate (40), got 50",
                "params.windows.3h: a window key must be a positive ISO 8601 duration such as \"PT3H\"",
                "params.windows.PT6H.evacuate: is required: the 立即转移 rainfall in mm",
                "params.antecedent: expected dry, normal, wet or a positive factor, got \"soggy\"",
            ],
            RuleHarness.Errors("torrent", """{"windows": {"PT1H": {"prepare": 50, "evacuate": 40}, "3h": {}, "PT6H": {"prepare": 70}}, "antecedent": "soggy"}"""));
    }
}
