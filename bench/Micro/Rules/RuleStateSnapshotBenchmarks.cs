using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Warning.Rules.Ordering;
using Warning.Rules.Rulesets;

namespace Warning.Micro.Rules;

/// <summary>
/// The rule state a sensor grain persists: <c>RulesetCatalog.SaveState</c> of its evaluator, the whole window as JSON.
/// The grain saves on every level change and otherwise within 30 s of any new reading, so a sensor reporting every
/// 5 minutes pays this about once per reading, on top of the evaluation (and before Orleans serialises it again).
/// </summary>
[MemoryDiagnoser]
public class RuleStateSnapshotBenchmarks
{
    private OrderedEvaluator _evaluator = null!;

    public static IEnumerable<SensorScenario> Scenarios => SensorScenario.All;

    [ParamsSource(nameof(Scenarios))]
    public SensorScenario Sensor { get; set; } = SensorScenario.Rainstorm;

    [GlobalSetup]
    public void Prime() => _evaluator = new SensorFeed(Sensor).PrimedEvaluator();

    [Benchmark]
    public JsonElement SaveState() => RulesetCatalog.SaveState(_evaluator);
}
