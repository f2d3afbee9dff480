using Warning.Grains.Publication;

namespace Warning.Api.Subscriptions;

/// <summary>A subscription as the API shows it: never its secret.</summary>
public sealed record SubscriptionView(string Id, string Url, IReadOnlyList<string> Areas, string MinLevel)
{
    public static SubscriptionView Of(Subscription s) => new(s.Id, s.Url, s.Areas, s.MinLevel);
}
