using Warning.Grains.Warnings;
using Warning.Publication.Authorities;

namespace Warning.Grains.Tests.Warnings;

/// <summary>
/// Who may approve and when a warning is approved (config/authorities.yaml): joint units, region scopes, roles, keys
/// without unit or region, and what an escalation records — the pure decision the warning grain calls.
/// </summary>
public sealed class WarningAuthorityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private static readonly AuthorityPolicy Policy = AuthoritiesFile.Parse("""
        units:
          - {id: natural-resources, name: 自然资源局}
          - {id: meteorology, name: 气象局}
          - {id: meteorology, region: "620522", name: 某某县气象局}
          - {id: emergency-management, name: 应急管理局}
        rules:
          - {hazard: geohazard, levels: [orange, red], units: [natural-resources, meteorology]}
          - {hazard: rainstorm, levels: [red], units: [meteorology, emergency-management]}
          - {hazard: chemical, levels: [red], units: [emergency-management], roles: [admin]}
        """, "authorities.yaml").Policy!;

    private static readonly string[] OperatorRoles = ["operator", "viewer"];

    private static WarningRecord Warning(string kind, string ruleset, string level, string region = "620522", params string[] areas) =>
        new("W-1", "S-1", kind, ruleset, level, WarningStatus.Active, false, Now, Now, null, areas, region, "h", "d", null,
            [new WarningHistoryEntry(Now, level, "issued", "engine")]);

    private static WarningRecord Landslide(string level = "red") => Warning("landslide", "tangential-angle", level, "620522", "620522100201");

    private static WarningRecord Rain(string level) => Warning("rain", "cma-rainstorm", level, "620522", "620522100201");

    private static Approver Officer(string? unit, string? region = null, string[]? roles = null) => new("值班员", unit, region, roles ?? OperatorRoles);

    /// <summary>What the grain does on approve: refuse, or record the unit's approval and release the level once every unit approved.</summary>
    private static ApprovalRefusal? Approve(WarningRecord warning, Approval approval, Approver approver)
    {
        var rule = WarningAuthority.Rule(Policy, warning);
        if (WarningAuthority.Refusal(Policy, warning, approver, WarningAuthority.Progress(rule, approval.Actions, warning.Level)) is { } refusal) return refusal;
        approval.Actions.Add(new WarningHistoryEntry(Now, warning.Level, WarningAuthority.Approved, approver.By, null, "会商", approver.Unit));
        if (WarningAuthority.Progress(rule, approval.Actions, warning.Level).Complete) approval.ApprovedLevel = warning.Level;
        return null;
    }

    private static WarningRecord Visible(WarningRecord engine, Approval approval)
    {
        var missing = WarningAuthority.Progress(WarningAuthority.Rule(Policy, engine), approval.Actions, engine.Level).Missing;
        approval.Awaiting = missing.Count > 0 ? [.. missing] : null;
        return WarningApproval.Visible(engine, approval, Now, Timeout);
    }

    [Fact]
    public void A_geohazard_red_stays_pending_until_both_units_approved_and_says_who_is_missing()
    {
        var warning = Landslide();
        var approval = new Approval();
        var before = Visible(warning, approval);
        Assert.Equal(WarningStatus.PendingApproval, before.Status);
        Assert.Equal(["natural-resources", "meteorology"], before.AwaitingUnits);

        Assert.Null(Approve(warning, approval, Officer("meteorology")));
        var half = Visible(warning, approval);
        Assert.Equal(WarningStatus.PendingApproval, half.Status);
        Assert.Equal(["natural-resources"], half.AwaitingUnits);
        Assert.Null(approval.ApprovedLevel);

        Assert.Null(Approve(warning, approval, Officer("natural-resources")));
        var both = Visible(warning, approval);
        Assert.Equal(WarningStatus.Active, both.Status);
        Assert.Null(both.AwaitingUnits);
        Assert.Equal(["meteorology", "natural-resources"], both.History.Where(h => h.Action == "approved").Select(h => h.Unit));
        Assert.Equal(["meteorology", "natural-resources"], Issuers.Approving(both.History, "red"));
    }

    [Fact]
    public void A_unit_not_entitled_a_key_without_unit_and_a_unit_approving_twice_are_refused_naming_what_is_needed()
    {
        var warning = Landslide();
        var approval = new Approval();

        var wrong = Approve(warning, approval, Officer("emergency-management"))!;
        Assert.Equal(("unit", true), (wrong.Field, wrong.Forbidden));
        Assert.Equal("geohazard red in 620522 is approved by natural-resources (自然资源局) and meteorology (某某县气象局) jointly (联合发布) (authorities.yaml line 7); unit emergency-management may not approve it", wrong.Message);

        var none = Approve(warning, approval, Officer(null))!;
        Assert.Equal(("unit", true), (none.Field, none.Forbidden));
        Assert.EndsWith("this key has no unit", none.Message);
        Assert.Empty(approval.Actions);

        Assert.Null(Approve(warning, approval, Officer("natural-resources")));
        var twice = Approve(warning, approval, Officer("natural-resources"))!;
        Assert.False(twice.Forbidden); // a matter of state (409), not of right
        Assert.Equal("natural-resources (自然资源局) has already approved red; waiting for meteorology (某某县气象局)", twice.Message);
    }

    [Theory]
    [InlineData("620522", true)]        // the county
    [InlineData("62", true)]            // the province
    [InlineData("620522100", true)]     // the township every area of the warning lies in
    [InlineData("620523", false)]       // the next county
    [InlineData("620522101", false)]    // another township
    public void A_key_approves_only_within_its_region_scope(string scope, bool allowed)
    {
        var refusal = Approve(Landslide(), new Approval(), Officer("meteorology", scope));
        Assert.Equal(allowed, refusal is null);
        if (refusal is not null)
        {
            Assert.Equal(("region", true), (refusal.Field, refusal.Forbidden));
            Assert.Equal($"the key's region scope {scope} does not cover this warning (region 620522, areas 620522100201); it needs a key scoped to 620522 or a prefix of it", refusal.Message);
        }
    }

    [Fact]
    public void Rainstorm_red_needs_meteorology_and_emergency_management_but_orange_one_operator_of_any_unit_or_none()
    {
        var red = Rain("red");
        var approval = new Approval();
        Assert.Equal("unit", Approve(red, approval, Officer("natural-resources"))!.Field);
        Assert.Null(Approve(red, approval, Officer("emergency-management")));
        Assert.Equal(WarningStatus.PendingApproval, Visible(red, approval).Status);
        Assert.Null(Approve(red, approval, Officer("meteorology")));
        Assert.Equal(WarningStatus.Active, Visible(red, approval).Status);

        // No rule for rainstorm orange: one approval, as before — by a key without unit, or of any unit.
        var orange = Rain("orange");
        var asBefore = new Approval();
        Assert.Null(Approve(orange, asBefore, Officer(null)));
        Assert.Equal(WarningStatus.Active, Visible(orange, asBefore).Status);
        Assert.Null(asBefore.Actions[0].Unit);
        var ofAUnit = new Approval();
        Assert.Null(Approve(orange, ofAUnit, Officer("natural-resources")));
        Assert.Equal(WarningStatus.Active, Visible(orange, ofAUnit).Status);
        Assert.Null(WarningAuthority.Rule(Policy, Warning("landslide", "tangential-angle", "yellow")));
        Assert.Null(WarningAuthority.Rule(AuthorityPolicy.None, Landslide()));
    }

    [Fact]
    public void A_rule_naming_roles_refuses_a_key_of_another_role()
    {
        var gas = Warning("chemical", "gbt50493", "red", "410522");
        var refusal = Approve(gas, new Approval(), Officer("emergency-management"))!;
        Assert.Equal(("role", true), (refusal.Field, refusal.Forbidden));
        Assert.EndsWith("through a key of role admin", refusal.Message);
        Assert.Null(Approve(gas, new Approval(), Officer("emergency-management", roles: ["admin", "operator", "viewer"])));
    }

    [Fact]
    public void A_units_word_on_red_covers_orange_but_not_the_other_way_round()
    {
        var approval = new Approval();
        Assert.Null(Approve(Landslide("orange"), approval, Officer("meteorology")));
        // Upgraded to red before natural resources approved: meteorology's orange does not count for red.
        Assert.Equal(["natural-resources", "meteorology"], WarningAuthority.Progress(WarningAuthority.Rule(Policy, Landslide()), approval.Actions, "red").Missing);

        var red = new Approval();
        Assert.Null(Approve(Landslide(), red, Officer("meteorology")));
        Assert.Equal(["natural-resources"], WarningAuthority.Progress(WarningAuthority.Rule(Policy, Landslide("orange")), red.Actions, "orange").Missing);
    }

    [Fact]
    public void An_escalation_records_which_units_had_not_approved()
    {
        var warning = Landslide();
        var approval = new Approval();
        Assert.Null(Approve(warning, approval, Officer("natural-resources")));
        var progress = WarningAuthority.Progress(WarningAuthority.Rule(Policy, warning), approval.Actions, "red");
        Assert.Equal("no approval within PT5M: published; not approved by meteorology (某某县气象局) (approved by natural-resources (自然资源局))",
            WarningAuthority.EscalationNote("PT5M", Policy, warning, progress));
        Assert.Equal("no approval within PT5M: published",
            WarningAuthority.EscalationNote("PT5M", Policy, Rain("orange"), WarningAuthority.Progress(null, [], "orange")));
    }
}
