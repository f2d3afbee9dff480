namespace Warning.Publication.Channels;

/// <summary>The contract's channels.</summary>
public static class ChannelNames
{
    public const string Sms = "sms";
    public const string Broadcast = "broadcast";
    public const string Webhook = "webhook";

    public static readonly string[] All = [Sms, Broadcast, Webhook];
}
