namespace Warning.Publication.Confirmation;

/// <summary>How a confirmation arrived: an SMS reply, the link in the message, or a duty officer on the dashboard.</summary>
public static class ConfirmationChannels
{
    public const string Sms = "sms";
    public const string Link = "link";
    public const string Dashboard = "dashboard";

    /// <summary>A simulated answer of a drill (<c>Confirm:Simulate</c>).</summary>
    public const string Drill = "drill";
}
