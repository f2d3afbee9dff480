namespace Warning.Records.Confirmations;

/// <summary>
/// What became of an answer: <see cref="Confirmed"/> (first time), <see cref="Already"/> (a second answer, the first
/// stands), or nothing to confirm — <see cref="UnknownNumber"/>, <see cref="UnknownCode"/>, <see cref="Unknown"/>.
/// </summary>
public sealed record ConfirmOutcome(string Result, ConfirmationRecord? Confirmation)
{
    public const string Confirmed = "confirmed";
    public const string Already = "already-confirmed";
    public const string UnknownNumber = "unknown-number";
    public const string UnknownCode = "unknown-code";
    public const string Unknown = "unknown";

    public bool Found => Confirmation is not null;
}
