namespace Warning.Api.Confirmations;

/// <summary>Body of <c>POST /api/warnings/{id}/confirmations</c>: a duty officer records an official's answer.</summary>
public sealed record ConfirmationInput(string? RecipientId, string? By, string? Note);
