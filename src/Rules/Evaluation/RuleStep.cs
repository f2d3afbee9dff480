namespace Warning.Rules.Evaluation;

/// <summary>What one observed reading did to a rule.</summary>
public sealed record RuleStep(bool Evaluated, LevelChange? Change, RuleNotice? Notice)
{
    public static readonly RuleStep Ignored = new(false, null, null);
    public static readonly RuleStep Unchanged = new(true, null, null);
}
