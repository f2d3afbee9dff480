using Warning.Rules.Evaluation;
using Warning.Rules.HazardSource;
using Warning.Rules.Levels;

namespace Warning.Rules.Tests.HazardSource;

public sealed class SourceConfirmationTests
{
    private static readonly DateTimeOffset T0 = RuleHarness.T0;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private static (SourceConfirmation Source, List<LevelChange> Changes) Run(params (string Detector, WarningLevel Level, double Minutes)[] reports)
    {
        var source = new SourceConfirmation(new SourceConfirmationState());
        var changes = new List<LevelChange>();
        foreach (var (detector, level, minutes) in reports)
        {
            if (source.Report(detector, level, T0.AddMinutes(minutes), Window, Window) is { } c) changes.Add(c);
        }
        return (source, changes);
    }

    [Theory]
    [InlineData(4.99, WarningLevel.Red)]
    [InlineData(5, WarningLevel.Red)]     // at the window's edge
    [InlineData(5.01, WarningLevel.None)] // the first alarm is too old to confirm
    public void Two_orange_detectors_within_the_window_are_red(double minutesApart, WarningLevel expected) =>
        Assert.Equal(expected, Run(("A", WarningLevel.Orange, 0), ("B", WarningLevel.Orange, minutesApart)).Source.State.Level.Level);

    [Fact]
    public void One_detector_or_a_yellow_one_does_not_confirm()
    {
        Assert.Equal(WarningLevel.None, Run(("A", WarningLevel.Orange, 0), ("A", WarningLevel.Red, 1)).Source.State.Level.Level);
        Assert.Equal(WarningLevel.None, Run(("A", WarningLevel.Orange, 0), ("B", WarningLevel.Yellow, 1)).Source.State.Level.Level);
    }

    [Fact]
    public void The_source_ends_after_clearAfter_without_confirmation()
    {
        var (source, changes) = Run(("A", WarningLevel.Orange, 0), ("B", WarningLevel.Orange, 1), ("B", WarningLevel.None, 2), ("A", WarningLevel.Orange, 6.9), ("A", WarningLevel.Orange, 7));
        Assert.Equal([(LevelChangeKind.Issued, 1.0), (LevelChangeKind.Ended, 7.0)], changes.Select(c => (c.Kind, (c.At - T0).TotalMinutes)));
        Assert.Equal(WarningLevel.None, source.State.Level.Level);
    }
}
