namespace Warning.Api.Publication;

/// <summary>Body of <c>POST /api/publications/receipts</c>: a gateway's word on one message; a broadcast's may name its terminals.</summary>
public sealed record ReceiptInput(string? MessageId, string? State, string? Detail, List<TerminalReceipt>? Terminals = null);

/// <summary>One loudspeaker terminal of a broadcast: <c>played</c> or <c>failed</c>.</summary>
public sealed record TerminalReceipt(string? Id, string? State);
