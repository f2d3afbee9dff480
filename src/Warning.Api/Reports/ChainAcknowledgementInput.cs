namespace Warning.Api.Reports;

/// <summary>Body of <c>POST /api/reports/{id}/chain/{recipientId}/acknowledge</c>: a desk acknowledged by telephone; who recorded it.</summary>
public sealed record ChainAcknowledgementInput(string? By);
