namespace Warning.Rules.Evaluation;

/// <summary>What every rule's state has: the level in force with its hysteresis bookkeeping.</summary>
public interface IRuleState
{
    LevelState Level { get; }
}
