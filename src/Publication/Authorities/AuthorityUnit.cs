namespace Warning.Publication.Authorities;

/// <summary>
/// A unit entitled to issue warnings (自然资源局, 气象局, 应急管理局 …) as <c>config/authorities.yaml</c> names it: its
/// id (what API keys carry as <c>unit</c>), its name and CAP <c>sender</c> in the regions under <see cref="Region"/>
/// (a code prefix; empty: everywhere). The entry with the longest matching prefix names the unit for a warning.
/// </summary>
public sealed record AuthorityUnit(string Id, string Name, string Sender, string Region = "");
