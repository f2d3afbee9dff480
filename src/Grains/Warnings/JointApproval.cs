namespace Warning.Grains.Warnings;

/// <summary>
/// Where a warning's approval stands at its level: the units that must approve (none: any one operator will do), those
/// that did (at this level or a higher one) and those still missing. <see cref="Complete"/>: the level may be released.
/// </summary>
public sealed record JointApproval(IReadOnlyList<string> Required, IReadOnlyList<string> Approved, IReadOnlyList<string> Missing)
{
    public bool Complete => Missing.Count == 0;
}
