using Warning.Rules.Levels;
using Warning.Rules.Reports;

namespace Warning.Rules.Tests.Reports;

/// <summary>Which points a report speaks for and how far it raises them.</summary>
public sealed class ReportFusionTests
{
    private static readonly ReportFusion.Point Near = new("LS-NEAR", 34.860, 105.670, ["620522100201"]);
    private static readonly ReportFusion.Point Far = new("LS-FAR", 34.900, 105.670, ["620522100202"]);
    private static readonly ReportFusion.Point Unplaced = new("LS-X", null, null, ["620522100201"]);

    [Fact]
    public void Distance_is_the_great_circle() =>
        Assert.InRange(ReportFusion.Metres(34.86, 105.67, 34.87, 105.67), 1110, 1113);   // 0.01° of latitude ≈ 1.11 km

    [Fact]
    public void A_macro_sign_speaks_for_the_points_within_the_radius_or_without_a_position_for_its_village()
    {
        Assert.Equal(["LS-NEAR"], ReportFusion.Near(34.8615, 105.6712, "620522100201", [Near, Far, Unplaced], 500).Select(p => p.Id));
        Assert.Empty(ReportFusion.Near(34.8615, 105.6712, "620522100201", [Near], 100));
        Assert.Equal(["LS-NEAR", "LS-X"], ReportFusion.Near(null, null, "620522100201", [Near, Far, Unplaced], 500).Select(p => p.Id));
        Assert.Empty(ReportFusion.Near(null, null, "620522", [Near, Far], 500));   // a county is no place
    }

    [Fact]
    public void Rain_goes_to_the_nearest_gauge()
    {
        Assert.Equal("LS-FAR", ReportFusion.Nearest(34.89, 105.67, "", [Near, Far])!.Id);
        Assert.Equal("LS-NEAR", ReportFusion.Nearest(null, null, "620522100201", [Far, Near])!.Id);
        Assert.Null(ReportFusion.Nearest(null, null, "", [Near]));
    }

    [Theory]
    [InlineData(WarningLevel.None, WarningLevel.Yellow)]
    [InlineData(WarningLevel.Blue, WarningLevel.Yellow)]
    [InlineData(WarningLevel.Yellow, WarningLevel.Orange)]
    [InlineData(WarningLevel.Orange, WarningLevel.Red)]
    [InlineData(WarningLevel.Red, WarningLevel.Red)]
    public void A_macro_sign_raises_one_level_at_least_yellow(WarningLevel from, WarningLevel to) => Assert.Equal(to, ReportFusion.Raised(from));

    [Fact]
    public void A_flood_raises_to_prepare_to_evacuate() =>
        Assert.Equal((WarningLevel.Orange, WarningLevel.Red), (ReportFusion.Flooded(WarningLevel.Blue), ReportFusion.Flooded(WarningLevel.Red)));

    [Theory]
    [InlineData(true, false, false, "Likely")]    // a level resting on a forecast
    [InlineData(false, true, true, "Observed")]   // a landslide point's sensor and a verified crack agree
    [InlineData(false, true, false, "Likely")]    // a landslide's precursor alone
    [InlineData(false, false, false, "Observed")] // the rain measured
    public void Certainty_follows_the_evidence(bool forecast, bool precursor, bool report, string expected) =>
        Assert.Equal(expected, ReportFusion.Certainty(forecast, precursor, report));
}
