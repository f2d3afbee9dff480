namespace Warning.Grains.Recipients;

/// <summary>Keeps the recipient lists durably.</summary>
public sealed class RecipientBookGrain([PersistentState("recipients")] IPersistentState<RecipientBookState> store) : Grain, IRecipientBookGrain
{
    public async Task Put(Recipient recipient)
    {
        store.State.Recipients[recipient.Id] = recipient;
        await store.WriteStateAsync();
    }

    public async Task PutMany(IReadOnlyList<Recipient> recipients)
    {
        foreach (var recipient in recipients) store.State.Recipients[recipient.Id] = recipient;
        await store.WriteStateAsync();
    }

    public Task<IReadOnlyList<Recipient>> List(string? area) =>
        Task.FromResult<IReadOnlyList<Recipient>>(store.State.Recipients.Values
            .Where(r => area is null || r.Areas.Any(a => area.StartsWith(a, StringComparison.Ordinal) || a.StartsWith(area, StringComparison.Ordinal)))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToList());
}
