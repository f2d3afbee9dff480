using System.Text.Json;
using Warning.Rules.Evaluation;
using Warning.Rules.Ordering;
using Warning.Rules.Parameters;
using Warning.Rules.Rulesets;

namespace Warning.Micro.Rules;

/// <summary>
/// Readings of one scenario in event-time order from a fixed start. The values dictionary is reused: the engine
/// copies what it keeps, so the benchmark itself allocates nothing per reading and the figures are the engine's.
/// </summary>
public sealed class SensorFeed(SensorScenario scenario)
{
    private static readonly DateTimeOffset Start = new(2021, 7, 20, 0, 0, 0, TimeSpan.FromHours(8));

    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
    private long _n;

    public SensorScenario Scenario { get; } = scenario;

    /// <summary>Event time of the next reading.</summary>
    public DateTimeOffset NextTs => Start + Scenario.Cadence * _n;

    public (DateTimeOffset Ts, IReadOnlyDictionary<string, double> Values) Next() => At(_n++);

    /// <summary>The reading the feed will give at position <paramref name="n"/> (the same values, the same dictionary).</summary>
    public (DateTimeOffset Ts, IReadOnlyDictionary<string, double> Values) At(long n)
    {
        Scenario.Fill(n, _values);
        return (Start + Scenario.Cadence * n, _values);
    }

    /// <summary>Skips <paramref name="count"/> positions (for a benchmark that sends readings out of order).</summary>
    public long Advance(int count)
    {
        var first = _n;
        _n += count;
        return first;
    }

    /// <summary>The evaluator a sensor grain builds on activation, with <see cref="SensorScenario.Held"/> readings taken.</summary>
    public OrderedEvaluator PrimedEvaluator()
    {
        var errors = new List<ParamError>();
        using var parameters = JsonDocument.Parse(Scenario.ParamsJson);
        var evaluator = RulesetCatalog.CreateOrdered(Scenario.Ruleset, parameters.RootElement, null, errors)
            ?? throw new InvalidOperationException($"no rule for {Scenario.Ruleset}");
        if (errors.Count > 0) throw new InvalidOperationException($"params of {Scenario.Ruleset}: {string.Join("; ", errors)}");
        for (var i = 0; i < Scenario.Held; i++)
        {
            var (ts, values) = Next();
            evaluator.Observe(ts, values);
        }
        return evaluator;
    }

    /// <summary>The bare rule, without the ordering around it, with <see cref="SensorScenario.Held"/> readings taken.</summary>
    public ISensorRule PrimedRule()
    {
        var errors = new List<ParamError>();
        using var parameters = JsonDocument.Parse(Scenario.ParamsJson);
        var rule = RulesetCatalog.Create(Scenario.Ruleset, parameters.RootElement, null, errors)
            ?? throw new InvalidOperationException($"no rule for {Scenario.Ruleset}");
        if (errors.Count > 0) throw new InvalidOperationException($"params of {Scenario.Ruleset}: {string.Join("; ", errors)}");
        for (var i = 0; i < Scenario.Held; i++)
        {
            var (ts, values) = Next();
            rule.Observe(ts, values);
        }
        return rule;
    }
}
