using Orleans.Concurrency;

namespace Warning.Grains.Warnings;

/// <summary>
/// The durable book of warnings (key <see cref="DefaultKey"/>): sensor grains record every change here before
/// the change counts as made; the API reads it.
/// </summary>
public interface IWarningBookGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    Task Record(WarningRecord warning);

    Task<WarningRecord?> Get(string id);

    [AlwaysInterleave]
    Task<IReadOnlyList<WarningRecord>> List(WarningQuery query);
}
