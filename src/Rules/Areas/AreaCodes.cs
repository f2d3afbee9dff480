namespace Warning.Rules.Areas;

/// <summary>
/// Area matching, defined once. Codes are hierarchical (GB/T 2260 county, 6 digits; GB/T 10114 township 9 and village
/// 12): a code covers every code it is a prefix of. A county's list reaches its villages' warnings and a village's list
/// its county's warnings, so lists and warnings match when either covers the other.
/// </summary>
public static class AreaCodes
{
    /// <summary><paramref name="parent"/> is <paramref name="code"/> or one of the areas above it.</summary>
    public static bool Covers(string parent, string code) => code.StartsWith(parent, StringComparison.Ordinal);

    /// <summary>Either covers the other: the same place at different depths.</summary>
    public static bool Related(string a, string b) => Covers(a, b) || Covers(b, a);

    /// <summary>Every code that covers <paramref name="code"/> (its prefixes, itself included), for an indexed look-up.</summary>
    public static IReadOnlyList<string> Covering(string code) =>
        Enumerable.Range(1, code.Length).Select(n => code[..n]).ToList();

    /// <summary>The exclusive upper end of the codes under <paramref name="prefix"/> in byte order: <c>code &gt;= prefix AND code &lt; End(prefix)</c>.</summary>
    public static string End(string prefix) => prefix + "\u007f";
}
