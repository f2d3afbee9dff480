using Warning.Grains.Live;

namespace Warning.Grains.Warnings;

/// <summary>Keeps every warning durably; a change is acknowledged only after it is on disk.</summary>
public sealed class WarningBookGrain(
    [PersistentState("warnings")] IPersistentState<WarningBookState> store) : Grain, IWarningBookGrain
{
    public async Task Record(WarningRecord warning)
    {
        store.State.Warnings[warning.Id] = warning;
        await store.WriteStateAsync();
        // Durable first, then announced: a consumer never hears of a change the book could lose.
        await this.GetStreamProvider(LiveStreams.Provider).GetStream<WarningRecord>(LiveStreams.Warnings).OnNextAsync(warning);
    }

    public Task<WarningRecord?> Get(string id) =>
        Task.FromResult(store.State.Warnings.GetValueOrDefault(id));

    public Task<IReadOnlyList<WarningRecord>> List(WarningQuery query) =>
        Task.FromResult<IReadOnlyList<WarningRecord>>(store.State.Warnings.Values
            .Where(query.Matches)
            .OrderByDescending(w => w.Updated)
            .ThenBy(w => w.Id, StringComparer.Ordinal)
            .ToList());
}
