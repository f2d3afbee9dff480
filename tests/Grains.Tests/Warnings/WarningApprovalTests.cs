using Warning.Grains.Warnings;

namespace Warning.Grains.Tests.Warnings;

/// <summary>Every transition of the approval state machine (RULES.md: blue and yellow at once, orange and red wait).</summary>
public sealed class WarningApprovalTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private static WarningRecord Engine(string level, string status = WarningStatus.Active) =>
        new("G-1", "G", "rain", "cma-rainstorm", level, status, false, Now, Now, null, ["A"], "620522", "h", "d", null,
            [new WarningHistoryEntry(Now, level, "issued", "engine")]);

    private static string Status(WarningRecord engine, Approval approval) => WarningApproval.Visible(engine, approval, Now, Timeout).Status;

    [Theory]
    [InlineData("blue", WarningStatus.Active)]
    [InlineData("yellow", WarningStatus.Active)]
    [InlineData("orange", WarningStatus.PendingApproval)]
    [InlineData("red", WarningStatus.PendingApproval)]
    public void Issued_blue_and_yellow_are_active_at_once_orange_and_red_wait(string level, string expected) =>
        Assert.Equal(expected, Status(Engine(level), new Approval()));

    [Fact]
    public void Pending_shows_when_it_will_be_published_without_approval()
    {
        var visible = WarningApproval.Visible(Engine("red"), new Approval { PendingSince = Now.AddMinutes(-1) }, Now, Timeout);
        Assert.Equal(Now.AddMinutes(4), visible.ApprovalDue);
        Assert.Null(WarningApproval.Visible(Engine("yellow"), new Approval(), Now, Timeout).ApprovalDue);
    }

    [Fact]
    public void Approved_or_escalated_makes_it_active_and_both_keep_their_history()
    {
        var approval = new Approval { ApprovedLevel = "red" };
        approval.Actions.Add(new WarningHistoryEntry(Now, "red", "approved", "值班员"));
        var visible = WarningApproval.Visible(Engine("red"), approval, Now, Timeout);
        Assert.Equal(WarningStatus.Active, visible.Status);
        Assert.Equal(["issued", "approved"], visible.History.Select(h => h.Action));
    }

    [Fact]
    public void An_upgrade_past_the_approved_level_waits_again_a_downgrade_does_not()
    {
        var orangeApproved = new Approval { ApprovedLevel = "orange" };
        Assert.Equal(WarningStatus.PendingApproval, Status(Engine("red"), orangeApproved));
        var redApproved = new Approval { ApprovedLevel = "red" };
        Assert.Equal(WarningStatus.Active, Status(Engine("orange"), redApproved));
        Assert.Equal(WarningStatus.Active, Status(Engine("yellow"), new Approval()));
    }

    [Theory]
    [InlineData("red", WarningStatus.PendingApproval)]
    [InlineData("red", WarningStatus.Active)]
    [InlineData("yellow", WarningStatus.Active)]
    public void Cancel_before_or_after_publishing_retracts_and_sticks(string level, string _)
    {
        var cancelled = new Approval { Cancelled = true, ApprovedLevel = level };
        Assert.Equal(WarningStatus.Cancelled, Status(Engine(level), cancelled));
        Assert.Equal(WarningStatus.Cancelled, Status(Engine(level, WarningStatus.Ended), cancelled));
    }

    [Fact]
    public void The_engines_all_clear_ends_it_even_while_pending_and_its_retraction_cancels_it()
    {
        Assert.Equal(WarningStatus.Ended, Status(Engine("red", WarningStatus.Ended), new Approval()));
        Assert.Equal(WarningStatus.Cancelled, Status(Engine("orange", WarningStatus.Cancelled), new Approval { ApprovedLevel = "orange" }));
    }
}
