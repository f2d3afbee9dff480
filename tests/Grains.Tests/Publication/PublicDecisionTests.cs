using Warning.Grains.Publication;
using Warning.Grains.Warnings;

namespace Warning.Grains.Tests.Publication;

/// <summary>The grouping rule of a public warning, transition by transition.</summary>
public sealed class PublicDecisionTests
{
    private static readonly DateTimeOffset T = new(2024, 7, 16, 0, 0, 0, TimeSpan.Zero);

    private static PublicContributor C(string sensor, string level, string status = WarningStatus.Active, bool silenced = false, int minute = 0) =>
        new($"{sensor}-1", sensor, level, status, T.AddMinutes(minute), null, "h", Silenced: silenced);

    private static PublicWarning Current(string level) =>
        new("A-rainstorm-1", "A", "620522", Hazards.Rainstorm, level, WarningStatus.Active, false, T, T, null, [], [], []);

    [Fact]
    public void Nothing_released_nothing_public() =>
        Assert.Null(PublicDecision.Decide(null, [C("G1", "red", silenced: true)]));

    [Fact]
    public void A_first_release_issues_at_the_highest_level_among_the_sensors()
    {
        var change = PublicDecision.Decide(null, [C("G1", "yellow"), C("G2", "red"), C("G3", "orange")])!;
        Assert.Equal(("Alert", false, "G2"), (change.MsgType, change.AllClear, change.Top!.SensorId));
    }

    [Fact]
    public void A_new_highest_level_updates_and_the_same_level_again_changes_nothing()
    {
        Assert.Equal("Update", PublicDecision.Decide(Current("yellow"), [C("G1", "yellow"), C("G2", "orange")])!.MsgType);
        Assert.Null(PublicDecision.Decide(Current("red"), [C("G1", "red"), C("G2", "red", minute: 5)]));
    }

    [Fact]
    public void A_red_inhibits_the_lower_levels_under_it()
    {
        Assert.Null(PublicDecision.Decide(Current("red"), [C("G1", "red"), C("G2", "orange"), C("G3", "yellow")]));
    }

    [Fact]
    public void When_the_red_sensor_ends_the_next_highest_downgrades_it()
    {
        var change = PublicDecision.Decide(Current("red"), [C("G1", "red", WarningStatus.Ended), C("G2", "orange")])!;
        Assert.Equal(("Update", "orange"), (change.MsgType, change.Top!.Level));
    }

    [Fact]
    public void All_over_gives_the_all_clear_all_retracted_gives_a_cancel()
    {
        Assert.True(PublicDecision.Decide(Current("red"), [C("G1", "red", WarningStatus.Ended), C("G2", "orange", WarningStatus.Cancelled)])!.AllClear);
        Assert.Equal("Cancel", PublicDecision.Decide(Current("red"), [C("G1", "red", WarningStatus.Cancelled), C("G2", "orange", WarningStatus.Cancelled)])!.MsgType);
    }

    [Fact]
    public void A_silenced_sensor_neither_raises_nor_ends_a_public_warning()
    {
        Assert.Null(PublicDecision.Decide(Current("yellow"), [C("G1", "yellow"), C("G2", "red", silenced: true)]));
        Assert.Null(PublicDecision.Decide(Current("red"), [C("G2", "red", silenced: true)]));
    }
}
