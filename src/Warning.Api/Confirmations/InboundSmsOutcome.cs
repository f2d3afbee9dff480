using Warning.Grains.Reports;

namespace Warning.Api.Confirmations;

/// <summary>
/// What <c>POST /api/sms/inbound</c> made of an SMS that was not a reply to a warning: a community report
/// (<see cref="Report"/>), or a desk's acknowledgement of a damage or casualty report (<see cref="ReportId"/>).
/// </summary>
public sealed record InboundSmsOutcome(string Result, Report? Report, string? ReportId)
{
    public const string Reported = "report";
    public const string Acknowledged = "acknowledged";
    public const string NotUnderstood = "report-not-understood";
}
