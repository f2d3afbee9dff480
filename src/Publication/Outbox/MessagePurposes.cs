namespace Warning.Publication.Outbox;

/// <summary>
/// Why an outbox message was made: a version's round to its recipients (null, the warning itself), the message again to
/// an official who has not answered, or the notice to the tier above (叫应). Reach counts recipients on the first.
/// </summary>
public static class MessagePurposes
{
    public const string Repeat = "repeat";
    public const string Escalation = "escalation";
}
