using Warning.Grains.Publication;
using Warning.Publication.Authorities;
using Warning.Rules.Areas;

namespace Warning.Grains.Warnings;

/// <summary>
/// Who may approve a warning and whether it is approved, pure (config/authorities.yaml): the rule for its hazard × level
/// × region names the units that must each approve (a joint warning when more than one); a key's region scope must
/// cover the warning. A warning no rule speaks for needs one approval by any operator (RULES.md); a key without unit or
/// region approves it as before. Each approval is an <c>approved</c> action of the warning's history naming its unit,
/// so where a joint approval stands is derived from the history, not kept twice.
/// </summary>
public static class WarningAuthority
{
    public const string Approved = Issuers.Approved;

    /// <summary>The rule that speaks for <paramref name="warning"/> at its current level; null: one approval by any operator.</summary>
    public static AuthorityRule? Rule(AuthorityPolicy policy, WarningRecord warning) =>
        policy.For(Hazards.Of(warning.Kind, warning.Ruleset), warning.Level, warning.Region);

    /// <summary>Where the approval of <paramref name="level"/> stands, given the warning's actions so far.</summary>
    public static JointApproval Progress(AuthorityRule? rule, IEnumerable<WarningHistoryEntry> actions, string level)
    {
        var approved = Issuers.Approving(actions, level);
        if (rule is null) return new JointApproval([], approved, []);
        return new JointApproval(rule.Units, approved.Where(rule.Units.Contains).ToList(), rule.Units.Except(approved).ToList());
    }

    /// <summary>Why <paramref name="approver"/> may not approve <paramref name="warning"/> now; null when they may.</summary>
    public static ApprovalRefusal? Refusal(AuthorityPolicy policy, WarningRecord warning, Approver approver, JointApproval progress)
    {
        if (approver.Region is { } scope && !Covers(scope, warning))
        {
            var where = warning.Areas.Count > 0 ? $"region {warning.Region}, areas {string.Join(", ", warning.Areas)}" : $"region {warning.Region}";
            return new ApprovalRefusal("region", $"the key's region scope {scope} does not cover this warning ({where}); it needs a key scoped to {warning.Region} or a prefix of it");
        }
        if (Rule(policy, warning) is not { } rule) return null;
        var hazard = Hazards.Of(warning.Kind, warning.Ruleset);
        var needs = $"{hazard} {warning.Level} in {warning.Region} is approved by {Names(policy, rule.Units, warning.Region)}{(rule.IsJoint ? " jointly (联合发布)" : "")} ({rule.Where})";
        if (approver.Unit is not { } unit) return new ApprovalRefusal("unit", $"{needs}; this key has no unit");
        if (!rule.Units.Contains(unit)) return new ApprovalRefusal("unit", $"{needs}; unit {unit} may not approve it");
        if (approver.Roles is { } roles && !rule.Roles.Any(roles.Contains))
            return new ApprovalRefusal("role", $"{needs}, through a key of role {string.Join(" or ", rule.Roles)}");
        if (progress.Approved.Contains(unit))
            return new ApprovalRefusal("unit", $"{Names(policy, [unit], warning.Region)} has already approved {warning.Level}; waiting for {Names(policy, progress.Missing, warning.Region)}", Forbidden: false);
        return null;
    }

    /// <summary>What an escalation records: the timeout, and the units that had not approved when it ran out.</summary>
    public static string EscalationNote(string timeout, AuthorityPolicy policy, WarningRecord warning, JointApproval progress) =>
        $"no approval within {timeout}: published"
        + (progress.Missing.Count > 0 ? $"; not approved by {Names(policy, progress.Missing, warning.Region)}" : "")
        + (progress.Approved.Count > 0 && progress.Missing.Count > 0 ? $" (approved by {Names(policy, progress.Approved, warning.Region)})" : "");

    /// <summary>The scope covers the warning's region, or every area it warns.</summary>
    public static bool Covers(string scope, WarningRecord warning) =>
        AreaCodes.Covers(scope, warning.Region) || (warning.Areas.Count > 0 && warning.Areas.All(a => AreaCodes.Covers(scope, a)));

    /// <summary>Units by id and name, e.g. <c>natural-resources (自然资源局) and meteorology (气象局)</c>.</summary>
    public static string Names(AuthorityPolicy policy, IReadOnlyList<string> units, string region)
    {
        var named = units.Select(id => policy.Unit(id, region) is { } u && u.Name != id ? $"{id} ({u.Name})" : id).ToList();
        return named.Count <= 1 ? string.Concat(named) : $"{string.Join(", ", named[..^1])} and {named[^1]}";
    }
}
