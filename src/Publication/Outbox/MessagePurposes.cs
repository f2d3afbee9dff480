namespace Warning.Publication.Outbox;

/// <summary>
/// Why an outbox message was made: a version's round to its recipients (null, the warning itself), the message again to
/// an official who has not answered, or the notice to the tier above (叫应). Reach counts recipients on the first.
/// </summary>
public static class MessagePurposes
{
    public const string Repeat = "repeat";
    public const string Escalation = "escalation";

    /// <summary>The answer to a community report sent by SMS (received, or what was not understood).</summary>
    public const string ReportReply = "report-reply";

    /// <summary>A damage or casualty report forwarded up the disaster information chain (四级灾情报送).</summary>
    public const string ReportChain = "report-chain";
}
