namespace Warning.Api.Rollups;

/// <summary>Body of <c>POST /api/rollups</c>: the range of event times to roll up again (ISO 8601).</summary>
public sealed record RollupsInput(string? From, string? To);
