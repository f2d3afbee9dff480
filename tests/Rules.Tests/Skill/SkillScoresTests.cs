using CsCheck;
using Warning.Rules.Levels;
using Warning.Rules.Rainstorm;
using Warning.Rules.Skill;

namespace Warning.Rules.Tests.Skill;

/// <summary>Skill figures on a hand-made season, against figures computed by hand.</summary>
public sealed class SkillScoresTests
{
    private static readonly DateTimeOffset T0 = RuleHarness.T0;

    private static Episode E(double from, double to) => new(T0.AddHours(from), T0.AddHours(to));

    [Fact]
    public void A_hand_made_season_scores_as_computed_by_hand()
    {
        // Events: 10–12 h, 20 h, 30–33 h, 50 h.
        // Alarms: 7–13 h (hits the first, 3 h ahead), 25–26 h (false), 30–35 h (hits the third, 0 h ahead),
        //         40–41 h (false), 48–52 h (hits the fourth, 2 h ahead). The 20 h event is missed.
        var events = new[] { E(10, 12), E(20, 20), E(30, 33), E(50, 50) };
        var alarms = new[] { E(7, 13), E(25, 26), E(30, 35), E(40, 41), E(48, 52) };
        var skill = SkillScores.Score(events, alarms);
        // POD 3/4, FAR 2/5, CSI 3/(3+1+2); leads {0, 2, 3} h: median (nearest rank 2 of 3) 2, p10 (rank 1) 0.
        Assert.Equal(new LevelSkill(4, 3, 1, 2, 5, 0.75, 0.4, 0.5, 2, 0), skill with { Leads = [] }, new SkillComparer());
        Assert.Equal([3.0, 0.0, 2.0], skill.Leads);
    }

    [Fact]
    public void No_events_and_no_alarms_leave_the_rates_undefined_and_sums_combine_sensors()
    {
        var none = SkillScores.Score([], []);
        Assert.Equal((0, null, null, null, null), (none.Events, none.Pod, none.Far, none.Csi, none.LeadMedianHours));
        var a = SkillScores.Score([E(10, 12)], [E(7, 13)]);              // hit, 3 h
        var b = SkillScores.Score([E(10, 12), E(30, 31)], [E(40, 41)]);  // two misses, one false alarm
        var total = SkillScores.Sum([a, b]);
        Assert.Equal((3, 1, 2, 1, 2, 0.3333, 0.5, 0.25, 3.0), (total.Events, total.Hits, total.Misses, total.FalseAlarms, total.Alarms, total.Pod, total.Far, total.Csi, total.LeadMedianHours!.Value));
    }

    [Fact]
    public void Touching_warning_periods_are_one_alarm()
    {
        Assert.Equal([E(1, 5), E(6, 7)], SkillScores.Alarms([E(3, 5), E(1, 3), E(6, 7)]));
    }

    [Fact]
    public void Observed_events_are_runs_of_readings_where_a_level_condition_held()
    {
        // 30 then 25 mm: 55 in 3 h from hour 1 (orange until the 30 leaves the 3 h window at hour 3), in 6 h until hour 6,
        // in 12 h until hour 12; never 100 in 3 h.
        var truth = new ObservedEpisodes(RainstormParams.Default.Thresholds);
        truth.Add(T0, 30);
        for (var h = 1; h <= 14; h++) truth.Add(T0.AddHours(h), h == 1 ? 25 : 0);
        Assert.Equal([E(1, 2)], truth.Events(WarningLevel.Orange));
        Assert.Equal([E(1, 5)], truth.Events(WarningLevel.Yellow));
        Assert.Equal([E(1, 11)], truth.Events(WarningLevel.Blue));
        Assert.Empty(truth.Events(WarningLevel.Red));
    }

    /// <summary>
    /// Property: over seasons long enough that samples leave every window (and the samples behind them are dropped), the
    /// events are those of a queue a threshold summing as it goes, bit for bit the same sums.
    /// </summary>
    [Fact]
    public void Observed_events_are_those_of_a_running_sum_a_threshold()
    {
        var thresholds = RainstormParams.Default.Thresholds;
        var gen = Gen.Select(Gen.Int[1, 4].Array[200, 700], Gen.Double[0, 1].Array[700], Gen.Int[0, 9].Array[700]);
        gen.Sample((steps, chances, amounts) =>
        {
            var truth = new ObservedEpisodes(thresholds);
            var queues = thresholds.Select(_ => new Queue<(DateTimeOffset Ts, double Mm)>()).ToArray();
            var sums = new double[thresholds.Count];
            var levels = new List<(DateTimeOffset Ts, WarningLevel Level)>();
            var ts = T0;
            for (var i = 0; i < steps.Length; i++)
            {
                ts = ts.AddMinutes(5 * steps[i]); // gaps as gauges drop out
                var mm = chances[i] < 0.8 ? 0 : Math.Round(amounts[i] * 2.7, 1);
                truth.Add(ts, mm);
                var level = WarningLevel.None;
                for (var t = 0; t < thresholds.Count; t++)
                {
                    queues[t].Enqueue((ts, mm));
                    sums[t] += mm;
                    while (queues[t].Count > 0 && queues[t].Peek().Ts <= ts - thresholds[t].Window) sums[t] -= queues[t].Dequeue().Mm;
                    if (Math.Round(sums[t], 3) >= thresholds[t].Millimetres && thresholds[t].Level > level) level = thresholds[t].Level;
                }
                levels.Add((ts, level));
            }
            foreach (var level in new[] { WarningLevel.Blue, WarningLevel.Yellow, WarningLevel.Orange, WarningLevel.Red })
            {
                // The runs of consecutive readings at or above the level.
                var runs = new List<Episode>();
                for (var i = 0; i < levels.Count; i++)
                {
                    if (levels[i].Level < level) continue;
                    var start = i;
                    while (i + 1 < levels.Count && levels[i + 1].Level >= level) i++;
                    runs.Add(new Episode(levels[start].Ts, levels[i].Ts));
                }
                Assert.Equal(runs, truth.Events(level));
            }
        }, iter: 100);
    }

    private sealed class SkillComparer : IEqualityComparer<LevelSkill>
    {
        public bool Equals(LevelSkill? x, LevelSkill? y) => x is not null && y is not null &&
            (x.Events, x.Hits, x.Misses, x.FalseAlarms, x.Alarms, x.Pod, x.Far, x.Csi, x.LeadMedianHours, x.LeadP10Hours) ==
            (y.Events, y.Hits, y.Misses, y.FalseAlarms, y.Alarms, y.Pod, y.Far, y.Csi, y.LeadMedianHours, y.LeadP10Hours);

        public int GetHashCode(LevelSkill obj) => obj.Events;
    }
}
