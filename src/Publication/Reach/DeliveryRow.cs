namespace Warning.Publication.Reach;

/// <summary>One outbox message of a public warning as reach counts it (no text, no body).</summary>
public sealed record DeliveryRow(string MessageId, string Recipient, string Channel, string? Purpose, string State, DateTimeOffset Queued,
    DateTimeOffset? Sent, DateTimeOffset? Delivered, IReadOnlyList<string> Areas);

/// <summary>A loudspeaker terminal's word on one broadcast message: <c>played</c> or <c>failed</c>.</summary>
public sealed record TerminalRow(string MessageId, string TerminalId, string State);
