using Orleans.Concurrency;

namespace Warning.Grains.Warnings;

/// <summary>
/// The durable book of warnings (key <see cref="DefaultKey"/>): sensor grains record every change here before
/// the change counts as made; operators approve, acknowledge and cancel here; the API reads it.
/// </summary>
public interface IWarningBookGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    Task Record(WarningRecord warning);

    /// <summary>The warning as people see it: the engine's version with operators' actions applied.</summary>
    Task<WarningRecord?> Get(string id);

    /// <summary>The engine's own last version, for the grain that raised the warning to build on.</summary>
    Task<WarningRecord?> GetRecorded(string id);

    /// <summary><c>approve</c>, <c>ack</c> or <c>cancel</c>, by a named operator with an optional note.</summary>
    Task<WarningActionResult> Act(string id, string action, string by, string? note);

    [AlwaysInterleave]
    Task<IReadOnlyList<WarningRecord>> List(WarningQuery query);

    /// <summary>At start: hands changes stored before a crash but not confirmed by publication over to it again.</summary>
    Task Resume();
}
