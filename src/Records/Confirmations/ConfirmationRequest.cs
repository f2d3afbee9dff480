namespace Warning.Records.Confirmations;

/// <summary>One official asked to confirm a version of a public warning: the row the version writes with its messages.</summary>
public sealed record ConfirmationRequest(
    string PublicId,
    string RecipientId,
    string AreaKey,
    int Version,
    string Name,
    string Role,
    string? Phone,
    string Code,
    string TokenId,
    DateTimeOffset FirstSent,
    DateTimeOffset Due);
