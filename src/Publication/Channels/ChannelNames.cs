namespace Warning.Publication.Channels;

/// <summary>The contract's channels.</summary>
public static class ChannelNames
{
    public const string Sms = "sms";
    public const string Broadcast = "broadcast";
    public const string Webhook = "webhook";

    /// <summary>A voice call to an official who has not answered (叫应), through the SMS gateway's contract with <c>"kind": "voice"</c>.</summary>
    public const string Voice = "voice";

    public static readonly string[] All = [Sms, Broadcast, Webhook, Voice];
}
