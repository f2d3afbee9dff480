using Warning.Publication.Confirmation;

namespace Warning.Publication.Tests.Confirmation;

/// <summary>The pure decision of call-and-response: who is called again, which tier is told, and when each step falls due.</summary>
public sealed class CallDecisionTests
{
    private const string Village = "620522100201";
    private static readonly DateTimeOffset T0 = new(2026, 7, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Repeat = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Escalate = TimeSpan.FromMinutes(10);

    private static OpenConfirmation Asked(string id, int stage = 0, DateTimeOffset? due = null) =>
        new(id, $"name-{id}", ConfirmRoles.VillageOfficer, 1, stage, T0, due ?? T0 + Repeat);

    [Fact]
    public void Tiers_of_a_village_are_its_township_then_its_county_desk()
    {
        Assert.Equal([("620522100", ConfirmRoles.TownshipOfficer), ("620522", ConfirmRoles.CountyDesk)], CallDecision.Tiers(Village));
        Assert.Equal([("620522", ConfirmRoles.CountyDesk)], CallDecision.Tiers("620522100"));
        Assert.Equal([("620522", ConfirmRoles.CountyDesk)], CallDecision.Tiers("620522"));
    }

    [Fact]
    public void Nothing_is_due_before_the_repeat_time()
    {
        var plan = CallDecision.Decide(Village, [Asked("a")], T0 + Repeat - TimeSpan.FromSeconds(1), Escalate);
        Assert.True(plan.IsEmpty);
        Assert.Empty(plan.CallAgain);
    }

    [Fact]
    public void A_silent_official_is_called_again_at_repeat_and_then_waits_for_escalate()
    {
        var plan = CallDecision.Decide(Village, [Asked("a"), Asked("b", due: T0 + Repeat + TimeSpan.FromMinutes(1))], T0 + Repeat, Escalate);
        var step = Assert.Single(plan.Steps);
        Assert.Equal(new CallStep("a", 0, 1, T0 + Escalate), step);
        Assert.Equal("a", Assert.Single(plan.CallAgain).RecipientId);
        Assert.Empty(plan.Escalations);
    }

    [Fact]
    public void At_escalate_the_township_hears_of_every_official_silent_that_long_then_the_county_desk()
    {
        var open = new[] { Asked("a", 1, T0 + Escalate), Asked("b", 1, T0 + Escalate) };
        var first = CallDecision.Decide(Village, open, T0 + Escalate, Escalate);
        Assert.All(first.Steps, s => Assert.Equal((1, 2, (DateTimeOffset?)(T0 + 2 * Escalate)), (s.FromStage, s.ToStage, s.NextDue)));
        var notice = Assert.Single(first.Escalations);
        Assert.Equal((0, "620522100", ConfirmRoles.TownshipOfficer), (notice.Tier, notice.TierArea, notice.Role));
        Assert.Equal(["a", "b"], notice.Silent.Select(s => s.RecipientId));
        Assert.Empty(first.CallAgain);

        var second = CallDecision.Decide(Village, [Asked("a", 2, T0 + 2 * Escalate)], T0 + 2 * Escalate, Escalate);
        Assert.Equal(new CallStep("a", 2, 3, null), Assert.Single(second.Steps));   // nothing after the county desk
        Assert.Equal(("620522", ConfirmRoles.CountyDesk), (second.Escalations[0].TierArea, second.Escalations[0].Role));
    }

    [Fact]
    public void A_township_warning_escalates_once_to_the_county_desk()
    {
        var plan = CallDecision.Decide("620522100", [Asked("t", 1, T0 + Escalate)], T0 + Escalate, Escalate);
        Assert.Equal(new CallStep("t", 1, 2, null), Assert.Single(plan.Steps));
        Assert.Equal(("620522", ConfirmRoles.CountyDesk), (plan.Escalations[0].TierArea, plan.Escalations[0].Role));
    }

    [Fact]
    public void After_a_long_stop_each_official_steps_once_per_decision()
    {
        var plan = CallDecision.Decide(Village, [Asked("a")], T0 + TimeSpan.FromHours(3), Escalate);
        Assert.Equal(new CallStep("a", 0, 1, T0 + Escalate), Assert.Single(plan.Steps));
    }

    [Fact]
    public void A_row_with_nothing_more_due_is_left_alone()
    {
        Assert.True(CallDecision.Decide(Village, [new OpenConfirmation("a", "n", ConfirmRoles.VillageOfficer, 1, 3, T0, null)], T0 + TimeSpan.FromDays(1), Escalate).IsEmpty);
    }

    [Theory]
    [InlineData(new[] { "village-officer" }, null, true)]
    [InlineData(new[] { "township-officer" }, null, true)]
    [InlineData(new[] { "county-desk" }, null, true)]
    [InlineData(new[] { "public" }, null, false)]
    [InlineData(new[] { "villager" }, null, false)]
    [InlineData(new[] { "village-officer" }, false, false)]
    [InlineData(new[] { "public" }, true, true)]
    public void Who_must_confirm_by_role_unless_told(string[] roles, bool? explicitly, bool expected) =>
        Assert.Equal(expected, ConfirmRoles.MustConfirm(new Grains.Recipients.Recipient("r", "n", "+8613800000000", ["620522100201"], roles, ["sms"], "blue", explicitly)));
}
