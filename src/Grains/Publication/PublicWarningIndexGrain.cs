using Warning.Grains.Warnings;

namespace Warning.Grains.Publication;

/// <summary>Keeps where each public warning lives — small summaries; the warnings themselves stay in their area grains.</summary>
public sealed class PublicWarningIndexGrain([PersistentState("public-warnings")] IPersistentState<PublicWarningIndexState> store)
    : Grain, IPublicWarningIndexGrain
{
    public async Task Put(PublicWarningSummary summary)
    {
        if (store.State.Warnings.TryGetValue(summary.Id, out var known) && known with { Sources = summary.Sources } == summary && known.Sources.SequenceEqual(summary.Sources)) return;
        store.State.Warnings[summary.Id] = summary;
        await store.WriteStateAsync();
    }

    public Task<PublicWarningSummary?> Get(string id) => Task.FromResult(store.State.Warnings.GetValueOrDefault(id));

    public Task<IReadOnlyList<PublicWarningSummary>> List(bool? active, string? area, string? hazard, string? sourceWarningId) =>
        Task.FromResult<IReadOnlyList<PublicWarningSummary>>(store.State.Warnings.Values
            .Where(w => active is null || (w.Status == WarningStatus.Active) == active)
            .Where(w => area is null || w.Area.StartsWith(area, StringComparison.Ordinal))
            .Where(w => hazard is null || w.Hazard == hazard)
            .Where(w => sourceWarningId is null || w.Sources.Contains(sourceWarningId))
            .OrderByDescending(w => w.Updated).ThenBy(w => w.Id, StringComparer.Ordinal)
            .ToList());
}
