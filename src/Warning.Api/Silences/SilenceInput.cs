namespace Warning.Api.Silences;

/// <summary>Body of <c>POST /api/silences</c>.</summary>
public sealed record SilenceInput(List<string>? SensorIds, List<string>? Areas, DateTimeOffset? From, DateTimeOffset? To, string? Reason, string? By);
