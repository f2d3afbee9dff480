namespace Warning.Api.Regions;

/// <summary>Body of <c>PUT /api/regions/{code}/fire-danger</c>: a date and either a level (1–5) or an FWI value.</summary>
public sealed record FireDangerInput(string? Date, double? Level, double? Fwi);
