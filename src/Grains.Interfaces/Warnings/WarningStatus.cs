namespace Warning.Grains.Warnings;

/// <summary>The contract's warning statuses.</summary>
public static class WarningStatus
{
    public const string PendingApproval = "pending-approval";
    public const string Active = "active";
    public const string Ended = "ended";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [PendingApproval, Active, Ended, Cancelled];
}
