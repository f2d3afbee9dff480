namespace Warning.Grains.Warnings;

/// <summary>
/// One warning (key: its id). The grain that raised it records each change here before the change counts as made;
/// operators approve, acknowledge and cancel here; the sweeper escalates it when its approval time runs out and hands
/// a change over again if its public warnings never confirmed it. Its state is one row of the records database.
/// </summary>
public interface IWarningGrain : IGrainWithStringKey
{
    Task Record(WarningRecord warning);

    /// <summary>The warning as people see it: the engine's version with operators' actions applied.</summary>
    Task<WarningRecord?> Get();

    /// <summary>The engine's own last version, for the grain that raised the warning to build on.</summary>
    Task<WarningRecord?> GetRecorded();

    /// <summary><c>approve</c>, <c>ack</c> or <c>cancel</c>, by a named operator of a unit and region (from their key) with an optional note.</summary>
    Task<WarningActionResult> Act(string action, Approver approver, string? note);

    /// <summary>
    /// A verified community report speaks for this warning's point: while it holds, the warning is raised (one level,
    /// at least yellow; a flood to at least orange), its evidence the report's, its history naming the report. Null when
    /// there is no warning or it is over.
    /// </summary>
    Task<WarningRecord?> Corroborate(ReportCorroboration report);

    /// <summary>A report's hold that ended at <paramref name="due"/>: the raise is decided again (and falls when nothing holds).</summary>
    Task EndHold(DateTimeOffset due);

    /// <summary>Publishes a pending warning whose approval time has run out (nothing if it is not pending or not yet due).</summary>
    Task Escalate();

    /// <summary>Hands the stored change whose hand-over was due at <paramref name="due"/>, not confirmed by its public warnings, over to them again.</summary>
    Task Resume(DateTimeOffset due);
}
