namespace Warning.Grains.Publication;

/// <summary>
/// Keeps maintenance silences durably and what each held. When a silence ends (wall clock, checked every second by
/// a timer, no reminder) the area grains it held output of are refreshed, so a warning still in force goes out then.
/// </summary>
public sealed class SilenceBookGrain([PersistentState("silences")] IPersistentState<SilenceBookState> store, TimeProvider time)
    : Grain, ISilenceBookGrain
{
    private static readonly TimeSpan Check = TimeSpan.FromSeconds(1);

    private SilenceBookState State => store.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(ReleaseEnded, Check, Check);
        return Task.CompletedTask;
    }

    public async Task<Silence> Add(Silence silence)
    {
        var stored = silence with { Id = $"silence-{State.Silences.Count + 1}-{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", Held = [] };
        State.Silences[stored.Id] = stored;
        await store.WriteStateAsync();
        return stored;
    }

    public Task<IReadOnlyList<Silence>> List() =>
        Task.FromResult<IReadOnlyList<Silence>>(State.Silences.Values.OrderBy(s => s.From).ThenBy(s => s.Id, StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<Silence>> Matching(string area, IReadOnlyList<string> sensorIds, DateTimeOffset at) =>
        Task.FromResult<IReadOnlyList<Silence>>(State.Silences.Values
            .Where(s => s.Covers(at) && (s.CoversArea(area) || s.SensorIds.Any(sensorIds.Contains)))
            .ToList());

    public async Task RecordHeld(string silenceId, string areaKey, HeldOutput held)
    {
        if (!State.Silences.TryGetValue(silenceId, out var silence)) return;
        State.Silences[silenceId] = silence with { Held = [.. silence.Held, held] };
        if (!State.HeldAreas.TryGetValue(silenceId, out var areas)) State.HeldAreas[silenceId] = areas = [];
        areas.Add(areaKey);
        State.Released.Remove(silenceId);
        await store.WriteStateAsync();
    }

    private async Task ReleaseEnded(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var ended = State.Silences.Values.Where(s => s.To <= now && State.HeldAreas.ContainsKey(s.Id) && !State.Released.Contains(s.Id)).ToList();
        foreach (var silence in ended)
        {
            foreach (var key in State.HeldAreas[silence.Id]) await GrainFactory.GetGrain<IAreaWarningGrain>(key).Refresh(silence.To);
            State.Released.Add(silence.Id);
        }
        if (ended.Count > 0) await store.WriteStateAsync();
    }
}
