namespace Warning.Api.Reports;

/// <summary>Body of <c>POST /api/reports/{id}/verify|reject</c>: why (required), and who decided (default: the key's name).</summary>
public sealed record ReportDecisionInput(string? Note, string? By);
