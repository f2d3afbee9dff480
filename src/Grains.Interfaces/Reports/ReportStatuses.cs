namespace Warning.Grains.Reports;

/// <summary>
/// What became of a report: <see cref="Pending"/> (a registered reporter's, waiting for a duty officer),
/// <see cref="Unverified"/> (an unknown number's: kept, shown, never fused and not verifiable until the number is on the
/// roster), <see cref="Verified"/> and <see cref="Rejected"/> (a duty officer decided, with a note).
/// </summary>
public static class ReportStatuses
{
    public const string Pending = "pending";
    public const string Unverified = "unverified";
    public const string Verified = "verified";
    public const string Rejected = "rejected";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Pending, Unverified, Verified, Rejected], StringComparer.Ordinal);
}
