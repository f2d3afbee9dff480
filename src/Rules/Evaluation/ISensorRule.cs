namespace Warning.Rules.Evaluation;

/// <summary>
/// The shape every ruleset has: observe a reading at its event time, keep a level with the shared hysteresis,
/// expose plain-data state for the host to persist. A new ruleset is one rule type and its params record.
/// </summary>
public interface ISensorRule
{
    string Ruleset { get; }

    /// <summary>The level in force.</summary>
    LevelState Level { get; }

    /// <summary>Everything needed to resume after a restart; serialisable with System.Text.Json.</summary>
    object State { get; }

    RuleStep Observe(DateTimeOffset ts, IReadOnlyDictionary<string, double> values);
}
