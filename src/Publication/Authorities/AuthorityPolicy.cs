using Warning.Rules.Areas;

namespace Warning.Publication.Authorities;

/// <summary>
/// The approval policy of <c>config/authorities.yaml</c>: the units that issue warnings and, per hazard × level × region
/// prefix, which of them must approve. A warning no rule speaks for needs what RULES.md says — orange and red one
/// approval by any operator — so <see cref="None"/> is the engine as it was before units.
/// </summary>
public sealed record AuthorityPolicy(IReadOnlyList<AuthorityUnit> Units, IReadOnlyList<AuthorityRule> Rules)
{
    /// <summary>The roles a rule may name (<c>Warning.Api.Security.ApiRoles</c>: an admin holds operator's too); a rule that names none takes <see cref="DefaultRoles"/>.</summary>
    public static readonly IReadOnlyList<string> ApprovingRoles = ["operator", "admin"];

    public static readonly IReadOnlyList<string> DefaultRoles = ["operator"];

    public static readonly AuthorityPolicy None = new([], []);

    /// <summary>The rule for a warning of <paramref name="hazard"/> at <paramref name="level"/> in <paramref name="region"/>: the one with the longest region prefix covering it; null when none does.</summary>
    public AuthorityRule? For(string hazard, string level, string region) =>
        Rules.Where(r => r.Hazard == hazard && r.Levels.Contains(level) && AreaCodes.Covers(r.Region, region)).MaxBy(r => r.Region.Length);

    /// <summary>The unit <paramref name="id"/> as it is named in <paramref name="region"/>; a unit the file does not declare is named by its id.</summary>
    public AuthorityUnit Unit(string id, string region) =>
        Units.Where(u => u.Id == id && AreaCodes.Covers(u.Region, region)).MaxBy(u => u.Region.Length) ?? new AuthorityUnit(id, id, id);

    /// <summary>Units in the order the file declares them (undeclared ones last, by id): how joint issuers are listed.</summary>
    public IReadOnlyList<string> Ordered(IEnumerable<string> ids)
    {
        var order = Units.Select(u => u.Id).Distinct().Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        return ids.Distinct().OrderBy(id => order.GetValueOrDefault(id, int.MaxValue)).ThenBy(id => id, StringComparer.Ordinal).ToList();
    }
}
