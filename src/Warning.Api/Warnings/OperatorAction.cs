namespace Warning.Api.Warnings;

/// <summary>Who approves, acknowledges or cancels a warning, and why.</summary>
public sealed record OperatorAction(string? By, string? Note);
