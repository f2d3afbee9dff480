namespace Warning.Api.Publication;

/// <summary>Body of <c>POST /api/publications/receipts</c>: a gateway's word on one message.</summary>
public sealed record ReceiptInput(string? MessageId, string? State, string? Detail);
