namespace Warning.Records.Reports;

/// <summary>The filters of <c>GET /api/reports</c>: an area code prefix, a status, a kind, an observed-time range.</summary>
public sealed record ReportFilter(string? Area = null, string? Status = null, string? Kind = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 1000);
