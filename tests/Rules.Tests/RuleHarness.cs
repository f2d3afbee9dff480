using System.Text.Json;
using Warning.Rules.Evaluation;
using Warning.Rules.Levels;
using Warning.Rules.Parameters;
using Warning.Rules.Rulesets;

namespace Warning.Rules.Tests;

/// <summary>Builds a rule from the catalogue as the engine does, and feeds it readings.</summary>
public sealed class RuleHarness
{
    public static readonly DateTimeOffset T0 = new(2021, 7, 20, 8, 0, 0, TimeSpan.FromHours(8));

    public RuleHarness(string ruleset, string paramsJson = "{}")
    {
        using var doc = JsonDocument.Parse(paramsJson);
        var errors = new List<ParamError>();
        Rule = RulesetCatalog.Create(ruleset, doc.RootElement, null, errors)!;
        Assert.Empty(errors);
    }

    public ISensorRule Rule { get; }

    public List<LevelChange> Changes { get; } = [];

    public WarningLevel Level => Rule.Level.Level;

    public RuleHarness At(TimeSpan after, params (string Metric, double Value)[] values) => At(T0 + after, values);

    public RuleHarness At(DateTimeOffset ts, params (string Metric, double Value)[] values)
    {
        var step = Rule.Observe(ts, values.ToDictionary(v => v.Metric, v => v.Value));
        if (step.Change is { } change) Changes.Add(change);
        return this;
    }

    public static IReadOnlyList<string> Errors(string ruleset, string paramsJson)
    {
        using var doc = JsonDocument.Parse(paramsJson);
        return RulesetCatalog.Validate(ruleset, doc.RootElement).Select(e => e.ToString()).ToList();
    }
}
