namespace Warning.Publication.Outbox;

/// <summary>
/// One message to one recipient over one channel for one public warning version. <see cref="MessageId"/> is stable
/// for that (warning version, channel, recipient), so the outbox keeps it once and a gateway can drop a repeat.
/// <see cref="Sources"/> are the sensor warnings the version speaks for; <see cref="Purpose"/> null for the version's
/// own round, else <see cref="MessagePurposes"/> (a call again or an escalation notice, each with an id of its own).
/// </summary>
public sealed record OutboxMessage(
    string MessageId,
    string WarningId,
    int Version,
    IReadOnlyList<string> Sources,
    string Channel,
    string Recipient,
    string Target,
    string Level,
    IReadOnlyList<string> Areas,
    string Text,
    string? Body = null,
    string? Secret = null,
    string? Purpose = null)
{
    public static string IdOf(string warningId, int version, string channel, string recipient)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{warningId}\n{version}\n{channel}\n{recipient}"));
        return "m" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
