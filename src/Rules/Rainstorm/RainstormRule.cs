using Warning.Rules.Evaluation;
using Warning.Rules.Forecasts;
using Warning.Rules.Levels;
using Warning.Rules.Windows;

namespace Warning.Rules.Rainstorm;

/// <summary>
/// <c>cma-rainstorm</c>: sliding-window rain sums over event time, windows inclusive of the reading at their
/// end, i.e. a window W at time t sums the samples with t − W &lt; ts ≤ t.
/// A reading older than the longest window before the newest reading is ignored (it cannot change any sum
/// the rule still looks at); a reading out of order within it is placed at its event time.
/// Forecast issues (<see cref="Forecast"/>) warn ahead of the rain: see <see cref="ForecastLevelPolicy"/>.
/// </summary>
public sealed class RainstormRule(RainstormParams parameters, RainstormState state) : SensorRule<RainstormParams, RainstormState>(parameters, state), IRainWindow, IUsesForecast
{
    public const string NoticeCode = "short-duration-heavy-rain";

    private readonly TimeSpan _horizon = parameters.LongestWindow;

    // The windows the thresholds and the notice sum over, each once and shortest first (PackedWindow.Sums), and which of
    // them each threshold's and the notice's sum is.
    private readonly (TimeSpan[] Windows, int[] OfThreshold, int OfNotice) _sums = SumsOf(parameters);

    public override string Ruleset => RainstormParams.RulesetName;

    public override RuleStep Observe(DateTimeOffset ts, IReadOnlyDictionary<string, double> values) =>
        values.TryGetValue(RainstormParams.Metric, out var mm) ? Observe(ts, mm) : RuleStep.Ignored;

    public RuleStep Observe(DateTimeOffset ts, double millimetres)
    {
        if (!State.Samples.Add(ts, millimetres, _horizon)) return RuleStep.Ignored;
        var newest = State.Took(ts);
        State.Forecast.Prune(newest);
        // Every sum this reading needs, in one pass over the window: the levels' and the notice's.
        Span<double> sums = stackalloc double[_sums.Windows.Length];
        State.Samples.Sums(newest, _sums.Windows, sums);
        var change = Decide(newest, forecastIssue: false, Evaluate(sums));
        return RuleStep.Of(change, CheckNotice(newest, sums[_sums.OfNotice]));
    }

    public TimeSpan ForecastHorizon => Parameters.ForecastHorizon;

    public RuleStep Forecast(RainForecast forecast)
    {
        var at = State.Forecast.Take(forecast, State.Newest);
        return RuleStep.Of(Decide(at, forecastIssue: true, State.Newest is { } newest ? Evaluate(newest) : (WarningLevel.None, null)), null);
    }

    // observed: the instantaneous level at the newest reading (none before any).
    private LevelChange? Decide(DateTimeOffset at, bool forecastIssue, (WarningLevel Level, Evidence? Evidence) observed) => ForecastLevelPolicy.Decide(
        State.Level, observed, Parameters.Thresholds, this, State.Newest,
        State.Forecast, at, Parameters.ForecastHorizon, Parameters.ClearAfter, RainstormParams.Metric, forecastIssue);

    /// <summary>The instantaneous level at <paramref name="at"/>, ignoring hysteresis.</summary>
    public (WarningLevel Level, Evidence? Evidence) Evaluate(DateTimeOffset at)
    {
        Span<double> sums = stackalloc double[_sums.Windows.Length];
        State.Samples.Sums(at, _sums.Windows, sums);
        return Evaluate(sums);
    }

    private (WarningLevel Level, Evidence? Evidence) Evaluate(ReadOnlySpan<double> sums)
    {
        var best = (Level: WarningLevel.None, Evidence: (Evidence?)null);
        var thresholds = Parameters.Thresholds;
        for (var i = 0; i < thresholds.Count; i++)
        {
            var threshold = thresholds[i];
            if (threshold.Level <= best.Level) continue;
            var sum = sums[_sums.OfThreshold[i]];
            if (sum >= threshold.Millimetres)
            {
                best = (threshold.Level, new Evidence(RainstormParams.Metric, threshold.Window, Math.Round(sum, 3), threshold.Millimetres));
            }
        }
        return best;
    }

    public double Sum(DateTimeOffset at, TimeSpan window) => State.Samples.Sum(at, window);

    // sum: the rain over the notice's window up to at.
    private RuleNotice? CheckNotice(DateTimeOffset at, double sum)
    {
        var notice = Parameters.Notice;
        if (sum < notice.Millimetres) return null;
        if (State.LastNotice is { } last && at - last < notice.Window) return null;
        State.LastNotice = at;
        return new RuleNotice(NoticeCode, at, new Evidence(RainstormParams.Metric, notice.Window, Math.Round(sum, 3), notice.Millimetres));
    }

    private static (TimeSpan[] Windows, int[] OfThreshold, int OfNotice) SumsOf(RainstormParams parameters)
    {
        var windows = parameters.Thresholds.Select(t => t.Window).Append(parameters.Notice.Window).Distinct().Order().ToArray();
        return (windows, parameters.Thresholds.Select(t => Array.IndexOf(windows, t.Window)).ToArray(), Array.IndexOf(windows, parameters.Notice.Window));
    }
}
