namespace Warning.Publication.Outbox;

/// <summary>The contract's delivery states, and <see cref="Sending"/>: taken for sending, outcome not yet known.</summary>
public static class PublicationStates
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
