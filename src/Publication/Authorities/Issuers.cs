using Warning.Grains.Publication;
using Warning.Grains.Warnings;
using Warning.Rules.Levels;

namespace Warning.Publication.Authorities;

/// <summary>
/// Who issues a warning at a level: the units whose <c>approved</c> entries in its history are for that level or a higher
/// one (the word on red covers orange), named as the authorities file names them in the warning's region — what CAP
/// <c>sender</c>/<c>senderName</c> say. Defined once for the public warnings and a single sensor's CAP.
/// </summary>
public static class Issuers
{
    public const string Approved = "approved";

    /// <summary>
    /// The units that approved <paramref name="level"/> or a higher one (up to <paramref name="highest"/>, the highest level
    /// the warning had reached by then, when telling an earlier version's issuers), first approval first.
    /// </summary>
    public static IReadOnlyList<string> Approving(IEnumerable<WarningHistoryEntry> history, string level, string? highest = null) =>
        history.Where(a => a.Action == Approved && a.Unit is not null && Rank(a.Level) >= Rank(level) && (highest is null || Rank(a.Level) <= Rank(highest)))
            .Select(a => a.Unit!).Distinct().ToList();

    /// <summary><paramref name="units"/> as <paramref name="policy"/> names them in <paramref name="region"/>, in the file's order; null for none.</summary>
    public static IReadOnlyList<IssuingUnit>? Named(AuthorityPolicy policy, IReadOnlyCollection<string>? units, string region) =>
        units is { Count: > 0 }
            ? policy.Ordered(units).Select(id => policy.Unit(id, region)).Select(u => new IssuingUnit(u.Id, u.Name, u.Sender)).ToList()
            : null;

    internal static int Rank(string? level) => WarningLevelNames.TryParse(level, out var parsed) ? (int)parsed : 0;
}
