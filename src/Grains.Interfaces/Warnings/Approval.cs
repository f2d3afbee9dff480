namespace Warning.Grains.Warnings;

/// <summary>What operators did to one warning, kept beside the engine's version of it.</summary>
public sealed class Approval
{
    /// <summary>The highest level an operator approved (or the timeout released); null while none was.</summary>
    public string? ApprovedLevel { get; set; }

    /// <summary>Wall-clock time the current version started waiting for approval; null when it is not waiting.</summary>
    public DateTimeOffset? PendingSince { get; set; }

    public bool Cancelled { get; set; }

    /// <summary>The units whose approval the current level still waits for (config/authorities.yaml); null when none in particular.</summary>
    public List<string>? Awaiting { get; set; }

    /// <summary>Approvals, acknowledgements, cancellations and escalations, in the order they happened.</summary>
    public List<WarningHistoryEntry> Actions { get; set; } = [];

    /// <summary>Verified community reports that spoke for this warning's point (群测群防), in the order they came.</summary>
    public List<ReportCorroboration>? Reports { get; set; }

    /// <summary>
    /// The level the reports holding at the last change raise the warning to, and their evidence; null when none holds
    /// or the sensor's own level is as high (set by the warning's grain, on the wall clock, at each change).
    /// </summary>
    public string? RaisedLevel { get; set; }

    public WarningEvidence? RaisedEvidence { get; set; }

    /// <summary>The level people see before approval: the engine's, or higher while a verified report raises it.</summary>
    public string LevelOf(WarningRecord engine) =>
        RaisedLevel is { } raised && engine.Status is not (WarningStatus.Ended or WarningStatus.Cancelled) ? raised : engine.Level;

    /// <summary>The warning as people see it: the engine's version in <paramref name="status"/>, these actions after its history.</summary>
    public WarningRecord Apply(WarningRecord engine, string status, DateTimeOffset? approvalDue) =>
        engine with
        {
            Level = LevelOf(engine), Evidence = LevelOf(engine) != engine.Level ? RaisedEvidence : engine.Evidence,
            Status = status, History = [.. engine.History, .. Actions], ApprovalDue = approvalDue,
            AwaitingUnits = status == WarningStatus.PendingApproval && Awaiting is { Count: > 0 } awaiting ? awaiting : null,
        };
}
