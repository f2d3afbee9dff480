namespace Warning.Rules.Evaluation;

/// <summary>The common part of every ruleset: its params, its persisted state and the level in that state.</summary>
public abstract class SensorRule<TParams, TState>(TParams parameters, TState state) : ISensorRule
    where TState : IRuleState
{
    public abstract string Ruleset { get; }

    public TParams Parameters { get; } = parameters;

    public TState State { get; } = state;

    public LevelState Level => State.Level;

    object ISensorRule.State => State;

    public abstract RuleStep Observe(DateTimeOffset ts, IReadOnlyDictionary<string, double> values);
}
