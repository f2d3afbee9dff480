namespace Warning.Rules.Evaluation;

/// <summary>What one observed reading did to a rule.</summary>
public sealed record RuleStep(bool Evaluated, LevelChange? Change, RuleNotice? Notice)
{
    public static readonly RuleStep Ignored = new(false, null, null);
    public static readonly RuleStep Unchanged = new(true, null, null);

    /// <summary>An evaluated reading's step: <see cref="Unchanged"/>, shared, for the usual one that changed nothing.</summary>
    public static RuleStep Of(LevelChange? change, RuleNotice? notice) => change is null && notice is null ? Unchanged : new(true, change, notice);
}
