namespace Warning.Grains.Publication;

/// <summary>Keeps the webhook subscriptions durably.</summary>
public sealed class SubscriptionBookGrain([PersistentState("subscriptions")] IPersistentState<SubscriptionBookState> store)
    : Grain, ISubscriptionBookGrain
{
    public async Task<Subscription> Add(Subscription subscription)
    {
        var stored = subscription with { Id = $"sub-{store.State.Subscriptions.Count + 1}" };
        store.State.Subscriptions[stored.Id] = stored;
        await store.WriteStateAsync();
        return stored;
    }

    public Task<IReadOnlyList<Subscription>> List() =>
        Task.FromResult<IReadOnlyList<Subscription>>(store.State.Subscriptions.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList());
}
