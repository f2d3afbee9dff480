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

    public override string Ruleset => RainstormParams.RulesetName;

    public override RuleStep Observe(DateTimeOffset ts, IReadOnlyDictionary<string, double> values) =>
        values.TryGetValue(RainstormParams.Metric, out var mm) ? Observe(ts, mm) : RuleStep.Ignored;

    public RuleStep Observe(DateTimeOffset ts, double millimetres)
    {
        if (!State.Samples.Add(ts, millimetres, _horizon)) return RuleStep.Ignored;
        var newest = State.Took(ts);
        State.Forecast.Prune(newest);
        var change = Decide(newest, forecastIssue: false);
        return new RuleStep(true, change, CheckNotice(newest));
    }

    public TimeSpan ForecastHorizon => Parameters.ForecastHorizon;

    public RuleStep Forecast(RainForecast forecast)
    {
        var at = State.Forecast.Take(forecast, State.Newest);
        return new RuleStep(true, Decide(at, forecastIssue: true), null);
    }

    private LevelChange? Decide(DateTimeOffset at, bool forecastIssue) => ForecastLevelPolicy.Decide(
        State.Level, State.Newest is { } newest ? Evaluate(newest) : (WarningLevel.None, null), Parameters.Thresholds, this, State.Newest,
        State.Forecast, at, Parameters.ForecastHorizon, Parameters.ClearAfter, RainstormParams.Metric, forecastIssue);

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

    public double Sum(DateTimeOffset at, TimeSpan window) => State.Samples.Sum(at, window);

    private RuleNotice? CheckNotice(DateTimeOffset at)
    {
        var notice = Parameters.Notice;
        var sum = Sum(at, notice.Window);
        if (sum < notice.Millimetres) return null;
        if (State.LastNotice is { } last && at - last < notice.Window) return null;
        State.LastNotice = at;
        return new RuleNotice(NoticeCode, at, new Evidence(RainstormParams.Metric, notice.Window, Math.Round(sum, 3), notice.Millimetres));
    }
}
