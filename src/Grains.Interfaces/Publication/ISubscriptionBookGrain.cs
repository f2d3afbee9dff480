using Orleans.Concurrency;

namespace Warning.Grains.Publication;

/// <summary>The webhook subscriptions (key <see cref="DefaultKey"/>).</summary>
public interface ISubscriptionBookGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    Task<Subscription> Add(Subscription subscription);

    [AlwaysInterleave]
    Task<IReadOnlyList<Subscription>> List();
}
