using BenchmarkDotNet.Attributes;
using Warning.Rules.Ordering;

namespace Warning.Micro.Rules;

/// <summary>
/// Two readings of a rain gauge arriving swapped (the later one first), as a QoS 1 redelivery or a gateway's
/// catch-up does. The second is within the lateness, so the evaluator rebuilds its live rule from the settled one
/// (state through JSON and back) and replays what is pending: the price of staying independent of arrival order.
/// Compare with twice <see cref="SensorReadingBenchmarks.OrderedObserve"/> for the same scenario.
/// </summary>
[MemoryDiagnoser]
public class LateRainReadingBenchmarks
{
    private SensorFeed _feed = null!;
    private OrderedEvaluator _evaluator = null!;

    [GlobalSetup]
    public void Prime()
    {
        _feed = new SensorFeed(SensorScenario.Rainstorm);
        _evaluator = _feed.PrimedEvaluator();
    }

    [Benchmark]
    public OrderedStep SwappedPair()
    {
        var first = _feed.Advance(2);
        var (laterTs, laterValues) = _feed.At(first + 1);
        _evaluator.Observe(laterTs, laterValues);
        var (earlierTs, earlierValues) = _feed.At(first);
        return _evaluator.Observe(earlierTs, earlierValues);
    }
}
