using Warning.Rules.Evaluation;
using Warning.Rules.Levels;

namespace Warning.Rules.Rainstorm;

/// <summary>
/// <c>cma-rainstorm</c>: sliding-window rain sums over event time, windows inclusive of the reading at their
/// end, i.e. a window W at time t sums the samples with t − W &lt; ts ≤ t.
/// A reading older than the longest window before the newest reading is ignored (it cannot change any sum
/// the rule still looks at); a reading out of order within it is placed at its event time.
/// </summary>
public sealed class RainstormRule(RainstormParams parameters, RainstormState state)
{
    public const string NoticeCode = "short-duration-heavy-rain";

    private readonly TimeSpan _horizon = parameters.LongestWindow;

    public RainstormParams Parameters { get; } = parameters;

    public RainstormState State { get; } = state;

    public RuleStep Observe(DateTimeOffset ts, double millimetres)
    {
        var samples = State.Samples;
        var newest = samples.Count == 0 ? ts : Max(ts, samples[^1].Ts);
        if (ts <= newest - _horizon) return RuleStep.Ignored;

        Insert(samples, new RainSample(ts, millimetres));
        Trim(samples, newest);

        var (level, evidence) = Evaluate(newest);
        var change = LevelHysteresis.Apply(State.Level, level, evidence, newest, Parameters.ClearAfter);
        return new RuleStep(true, change, CheckNotice(newest));
    }

    /// <summary>The instantaneous level at <paramref name="at"/>, ignoring hysteresis.</summary>
    public (WarningLevel Level, Evidence? Evidence) Evaluate(DateTimeOffset at)
    {
        var best = (Level: WarningLevel.None, Evidence: (Evidence?)null);
        foreach (var threshold in Parameters.Thresholds)
        {
            if (threshold.Level <= best.Level) continue;
            var sum = Sum(at, threshold.Window);
            if (sum >= threshold.Millimetres)
            {
                best = (threshold.Level, new Evidence(RainstormParams.Metric, threshold.Window, Math.Round(sum, 3), threshold.Millimetres));
            }
        }
        return best;
    }

    public double Sum(DateTimeOffset at, TimeSpan window)
    {
        var from = at - window;
        var sum = 0.0;
        for (var i = State.Samples.Count - 1; i >= 0; i--)
        {
            var sample = State.Samples[i];
            if (sample.Ts <= from) break;
            if (sample.Ts <= at) sum += sample.Millimetres;
        }
        return sum;
    }

    private RuleNotice? CheckNotice(DateTimeOffset at)
    {
        var notice = Parameters.Notice;
        var sum = Sum(at, notice.Window);
        if (sum < notice.Millimetres) return null;
        if (State.LastNotice is { } last && at - last < notice.Window) return null;
        State.LastNotice = at;
        return new RuleNotice(NoticeCode, at, new Evidence(RainstormParams.Metric, notice.Window, Math.Round(sum, 3), notice.Millimetres));
    }

    private static void Insert(List<RainSample> samples, RainSample sample)
    {
        var index = samples.Count;
        while (index > 0 && samples[index - 1].Ts > sample.Ts) index--;
        if (index > 0 && samples[index - 1].Ts == sample.Ts) samples[index - 1] = sample;
        else samples.Insert(index, sample);
    }

    private void Trim(List<RainSample> samples, DateTimeOffset newest)
    {
        var keepFrom = newest - _horizon;
        var drop = 0;
        while (drop < samples.Count && samples[drop].Ts <= keepFrom) drop++;
        if (drop > 0) samples.RemoveRange(0, drop);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
