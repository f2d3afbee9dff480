using Warning.Rules.Evaluation;
using Warning.Rules.Forecasts;
using Warning.Rules.Levels;
using Warning.Rules.Windows;

namespace Warning.Rules.Torrent;

/// <summary>
/// <c>torrent</c>: any window's rain at or above its <c>prepare</c> grade (× antecedent factor) is orange
/// (准备转移), at or above <c>evacuate</c> red (立即转移). Windows as in <c>cma-rainstorm</c>: end inclusive.
/// Forecast issues warn ahead of the rain: see <see cref="ForecastLevelPolicy"/>.
/// </summary>
public sealed class TorrentRule(TorrentParams parameters, TorrentState state) : SensorRule<TorrentParams, TorrentState>(parameters, state), IRainWindow, IUsesForecast
{
    public override string Ruleset => TorrentParams.RulesetName;

    public override RuleStep Observe(DateTimeOffset ts, IReadOnlyDictionary<string, double> values)
    {
        if (!values.TryGetValue(TorrentParams.Metric, out var mm)) return RuleStep.Ignored;
        if (!State.Samples.Add(ts, mm, Parameters.LongestWindow)) return RuleStep.Ignored;
        var newest = State.Took(ts);
        State.Forecast.Prune(newest);
        return RuleStep.Of(Decide(newest, forecastIssue: false), null);
    }

    public TimeSpan ForecastHorizon => Parameters.ForecastHorizon;

    public RuleStep Forecast(RainForecast forecast)
    {
        var at = State.Forecast.Take(forecast, State.Newest);
        return RuleStep.Of(Decide(at, forecastIssue: true), null);
    }

    private LevelChange? Decide(DateTimeOffset at, bool forecastIssue) => ForecastLevelPolicy.Decide(
        State.Level, State.Newest is { } newest ? Evaluate(newest) : (WarningLevel.None, null), Parameters.LevelThresholds, this, State.Newest,
        State.Forecast, at, Parameters.ForecastHorizon, Parameters.ClearAfter, TorrentParams.Metric, forecastIssue);

    public double Sum(DateTimeOffset at, TimeSpan window) => State.Samples.Sum(at, window);

    public (WarningLevel Level, Evidence? Evidence) Evaluate(DateTimeOffset at)
    {
        var best = (Level: WarningLevel.None, Evidence: (Evidence?)null);
        foreach (var grade in Parameters.Grades)
        {
            var sum = Math.Round(Sum(at, grade.Window), 3);
            var evacuate = grade.Evacuate * Parameters.AntecedentFactor;
            var prepare = grade.Prepare * Parameters.AntecedentFactor;
            if (sum >= evacuate && best.Level < WarningLevel.Red)
            {
                best = (WarningLevel.Red, new Evidence(TorrentParams.Metric, grade.Window, sum, Math.Round(evacuate, 3)));
            }
            else if (sum >= prepare && best.Level < WarningLevel.Orange)
            {
                best = (WarningLevel.Orange, new Evidence(TorrentParams.Metric, grade.Window, sum, Math.Round(prepare, 3)));
            }
        }
        return best;
    }
}
