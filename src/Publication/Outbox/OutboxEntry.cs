namespace Warning.Publication.Outbox;

/// <summary>A message and where it stands, in memory; every change to it is journaled first.</summary>
internal sealed class OutboxEntry(OutboxMessage message, DateTimeOffset queued)
{
    public OutboxMessage Message { get; } = message;

    public string State { get; set; } = PublicationStates.Queued;

    public int Attempts { get; set; }

    public DateTimeOffset Queued { get; } = queued;

    public DateTimeOffset? Sent { get; set; }

    public DateTimeOffset? Delivered { get; set; }

    public DateTimeOffset? Failed { get; set; }

    public string? Detail { get; set; }

    /// <summary>When a deferred message goes back in the queue.</summary>
    public DateTimeOffset RetryAt { get; set; }

    public PublicationRecord ToRecord() => new(Message.MessageId, Message.WarningId, Message.Version, Message.Sources, Message.Channel,
        Message.Recipient, Message.Target, Message.Level, State == PublicationStates.Sending ? PublicationStates.Queued : State,
        Attempts, Queued, Sent, Delivered, Failed, Detail);
}
