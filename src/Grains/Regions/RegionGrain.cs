namespace Warning.Grains.Regions;

/// <summary>Keeps a region's daily fire danger durably.</summary>
public sealed class RegionGrain([PersistentState("region")] IPersistentState<RegionState> store) : Grain, IRegionGrain
{
    public async Task SetFireDanger(FireDangerEntry entry)
    {
        var days = store.State.FireDanger;
        days[entry.Date] = entry;
        while (days.Count > RegionState.KeptDays) days.Remove(days.Keys.First());
        await store.WriteStateAsync();
    }

    public Task<FireDangerEntry?> GetFireDanger(string date) =>
        Task.FromResult(store.State.FireDanger.GetValueOrDefault(date));
}
