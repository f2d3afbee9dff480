namespace Warning.Api.Subscriptions;

/// <summary>Body of <c>POST /api/subscriptions</c>.</summary>
public sealed record SubscriptionInput(string? Url, List<string>? Areas, string? MinLevel, string? Secret);
