using Orleans.Concurrency;

namespace Warning.Grains.Publication;

/// <summary>Where every public warning lives (key <see cref="DefaultKey"/>), for the API and the CAP feed.</summary>
public interface IPublicWarningIndexGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    Task Put(PublicWarningSummary summary);

    [AlwaysInterleave]
    Task<PublicWarningSummary?> Get(string id);

    /// <summary>Newest first; <paramref name="sourceWarningId"/> finds the public warnings a sensor warning spoke for.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<PublicWarningSummary>> List(bool? active, string? area, string? hazard, string? sourceWarningId);
}
