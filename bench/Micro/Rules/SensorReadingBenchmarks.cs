using BenchmarkDotNet.Attributes;
using Warning.Rules.Evaluation;
using Warning.Rules.Ordering;

namespace Warning.Micro.Rules;

/// <summary>
/// One new reading into a sensor whose window is already full — the per-reading cost inside a sensor grain, paid for
/// every message of every sensor. <see cref="OrderedObserve"/> is the call the grain makes (the rule behind its
/// event-time ordering: the reading is copied into the pending list and, once past the watermark, observed a second
/// time by the settled rule); <see cref="BareRuleObserve"/> is the rule alone, so the difference is what the ordering costs.
/// </summary>
[MemoryDiagnoser]
public class SensorReadingBenchmarks
{
    private SensorFeed _orderedFeed = null!;
    private OrderedEvaluator _ordered = null!;
    private SensorFeed _ruleFeed = null!;
    private ISensorRule _rule = null!;

    public static IEnumerable<SensorScenario> Scenarios => SensorScenario.All;

    [ParamsSource(nameof(Scenarios))]
    public SensorScenario Sensor { get; set; } = SensorScenario.Rainstorm;

    [GlobalSetup]
    public void Prime()
    {
        _orderedFeed = new SensorFeed(Sensor);
        _ordered = _orderedFeed.PrimedEvaluator();
        _ruleFeed = new SensorFeed(Sensor);
        _rule = _ruleFeed.PrimedRule();
    }

    // Every invocation is the next reading in time: the window slides and stays at its steady size.
    [Benchmark]
    public OrderedStep OrderedObserve()
    {
        var (ts, values) = _orderedFeed.Next();
        return _ordered.Observe(ts, values);
    }

    [Benchmark]
    public RuleStep BareRuleObserve()
    {
        var (ts, values) = _ruleFeed.Next();
        return _rule.Observe(ts, values);
    }
}
