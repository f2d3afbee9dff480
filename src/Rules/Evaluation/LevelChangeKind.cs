namespace Warning.Rules.Evaluation;

/// <summary>How a rule's level moved; maps to the lifecycle words 发布/升级/降级/解除.</summary>
public enum LevelChangeKind
{
    Issued,
    Upgraded,
    Downgraded,
    Ended,

    /// <summary>Observation reached the level a forecast had announced: the same warning, now basis observed.</summary>
    Confirmed,
}
