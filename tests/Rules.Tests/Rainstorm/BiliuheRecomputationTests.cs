using Warning.Rules.Evaluation;
using Warning.Rules.Levels;
using Warning.Rules.Rainstorm;
using Warning.Tests.Shared;

namespace Warning.Rules.Tests.Rainstorm;

/// <summary>
/// The rule, run incrementally over real hourly rain of the Biliuhe basin, reports the same level changes as a
/// brute-force recomputation that re-sums every window from the whole series at every reading.
/// </summary>
public sealed class BiliuheRecomputationTests
{
    public static TheoryData<string> Seasons() =>
        new(Directory.GetFiles(Path.Combine(RepoPaths.SharedData, "biliuhe"), "biliuhe-*.csv").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Seasons))]
    public void Incremental_rule_matches_brute_force(string file)
    {
        var rain = ReplayRow.Read(Path.Combine(RepoPaths.SharedData, "biliuhe", file))
            .Where(r => r.Sensor == "BLH-RAIN-01" && r.Metric == "rain_mm")
            .Select(r => (r.Ts, r.Value))
            .ToList();
        Assert.NotEmpty(rain);

        var rule = new RainstormRule(RainstormParams.Default, new RainstormState());
        var incremental = rain.Select(r => rule.Observe(r.Ts, r.Value).Change)
            .OfType<LevelChange>()
            .Select(c => (c.To, c.At, c.Evidence?.Value))
            .ToList();

        Assert.Equal(RainstormBruteForce.Changes(rain, RainstormParams.Default), incremental);
    }

    [Fact]
    public void The_August_2012_storm_reaches_orange_but_not_red()
    {
        var rain = ReplayRow.Read(Path.Combine(RepoPaths.SharedData, "biliuhe", "biliuhe-2012.csv"))
            .Where(r => r.Sensor == "BLH-RAIN-01").Select(r => (r.Ts, r.Value)).ToList();
        var changes = RainstormBruteForce.Changes(rain, RainstormParams.Default);
        // 2012-08-03: 61.5 mm in the 3 h to 14:00 (orange's 50; red needs 100), 124 mm in 12 h.
        Assert.Contains(changes, c => c.Level == WarningLevel.Orange && c.At.Date == new DateTime(2012, 8, 3));
        Assert.DoesNotContain(changes, c => c.Level == WarningLevel.Red);
        Assert.Equal(WarningLevel.None, changes[^1].Level); // every episode of the season ended with an all-clear
    }
}
