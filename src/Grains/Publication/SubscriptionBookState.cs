namespace Warning.Grains.Publication;

/// <summary>Every webhook subscription by id.</summary>
public sealed class SubscriptionBookState
{
    public Dictionary<string, Subscription> Subscriptions { get; set; } = [];
}
