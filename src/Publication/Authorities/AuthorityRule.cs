namespace Warning.Publication.Authorities;

/// <summary>
/// Who approves the warnings of one <see cref="Hazard"/> at some <see cref="Levels"/> (orange, red) in the regions under
/// <see cref="Region"/> (a code prefix; empty: everywhere): every unit of <see cref="Units"/> must approve (more than
/// one: a joint warning, 联合发布), each through a key of one of <see cref="Roles"/>. <see cref="Where"/> says where the
/// rule is written (file and line), for messages.
/// </summary>
public sealed record AuthorityRule(string Hazard, IReadOnlyList<string> Levels, string Region, IReadOnlyList<string> Units,
    IReadOnlyList<string> Roles, string Where = "")
{
    public bool IsJoint => Units.Count > 1;
}
