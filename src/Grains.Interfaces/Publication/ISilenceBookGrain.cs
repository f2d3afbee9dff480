using Orleans.Concurrency;

namespace Warning.Grains.Publication;

/// <summary>The maintenance silences (key <see cref="DefaultKey"/>) and what each held.</summary>
public interface ISilenceBookGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    Task<Silence> Add(Silence silence);

    [AlwaysInterleave]
    Task<IReadOnlyList<Silence>> List();

    /// <summary>Silences in force at <paramref name="at"/> that cover the area or any of the sensors.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<Silence>> Matching(string area, IReadOnlyList<string> sensorIds, DateTimeOffset at);

    /// <summary>Records what a silence held, and which area grain to refresh when the silence ends.</summary>
    Task RecordHeld(string silenceId, string areaKey, HeldOutput held);
}
