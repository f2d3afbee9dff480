using Microsoft.Extensions.Options;
using Warning.Grains.Live;
using Warning.Grains.Publication;

namespace Warning.Grains.Warnings;

/// <summary>
/// Keeps every warning durably — a change is acknowledged only after it is on disk, and announced on the live stream
/// only after that — and applies the approval policy: orange and red wait for an operator, or for the approval
/// timeout (wall-clock; checked by a timer, no reminder), after which they are published and the escalation recorded.
/// </summary>
public sealed class WarningBookGrain(
    [PersistentState("warnings")] IPersistentState<WarningBookState> store,
    IOptions<WarningsOptions> options,
    TimeProvider time) : Grain, IWarningBookGrain
{
    private static readonly TimeSpan TimeoutCheck = TimeSpan.FromSeconds(1);

    private WarningBookState State => store.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(EscalateOverdue, TimeoutCheck, TimeoutCheck);
        return Task.CompletedTask;
    }

    public async Task Record(WarningRecord warning)
    {
        State.Recorded[warning.Id] = warning;
        await Publish(warning.Id);
    }

    public Task<WarningRecord?> Get(string id) => Task.FromResult(State.Warnings.GetValueOrDefault(id));

    public Task<WarningRecord?> GetRecorded(string id) => Task.FromResult(State.Recorded.GetValueOrDefault(id));

    public async Task<WarningActionResult> Act(string id, string action, string by, string? note)
    {
        if (!State.Warnings.TryGetValue(id, out var warning)) return new WarningActionResult(null, $"no warning \"{id}\"", NotFound: true);
        var approval = ApprovalOf(id);
        var now = time.GetUtcNow();
        switch (action)
        {
            case "approve" when warning.Status != WarningStatus.PendingApproval:
                return new WarningActionResult(warning, $"warning \"{id}\" is {warning.Status}, not pending-approval");
            case "approve":
                approval.ApprovedLevel = warning.Level;
                approval.Actions.Add(new WarningHistoryEntry(now, warning.Level, "approved", by, null, note));
                break;
            case "ack":
                approval.Actions.Add(new WarningHistoryEntry(now, warning.Level, "acknowledged", by, null, note));
                break;
            case "cancel" when warning.Status is WarningStatus.Cancelled or WarningStatus.Ended:
                return new WarningActionResult(warning, $"warning \"{id}\" is already {warning.Status}");
            case "cancel":
                approval.Cancelled = true;
                approval.Actions.Add(new WarningHistoryEntry(now, warning.Level, "cancelled", by, null, note));
                break;
            default:
                return new WarningActionResult(warning, $"unknown action \"{action}\"; expected approve, ack or cancel");
        }
        return new WarningActionResult(await Publish(id), null);
    }

    public Task<IReadOnlyList<WarningRecord>> List(WarningQuery query) =>
        Task.FromResult<IReadOnlyList<WarningRecord>>(State.Warnings.Values
            .Where(query.Matches)
            .OrderByDescending(w => w.Updated)
            .ThenBy(w => w.Id, StringComparer.Ordinal)
            .ToList());

    private async Task EscalateOverdue(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var overdue = State.Approvals.Where(a => a.Value.PendingSince is { } since && now - since >= options.Value.ApprovalTimeout).Select(a => a.Key).ToList();
        foreach (var id in overdue)
        {
            var approval = State.Approvals[id];
            var level = State.Recorded[id].Level;
            approval.ApprovedLevel = level;
            approval.Actions.Add(new WarningHistoryEntry(now, level, "escalated", WarningComposer.Engine, null,
                $"no approval within {System.Xml.XmlConvert.ToString(options.Value.ApprovalTimeout)}: published"));
            await Publish(id);
        }
    }

    // Derives what people see from the engine's version and the operators' actions, stores it, then announces it.
    private async Task<WarningRecord> Publish(string id)
    {
        var approval = ApprovalOf(id);
        var now = time.GetUtcNow();
        var visible = WarningApproval.Visible(State.Recorded[id], approval, now, options.Value.ApprovalTimeout);
        approval.PendingSince = visible.Status == WarningStatus.PendingApproval ? approval.PendingSince ?? now : null;
        State.Warnings[id] = visible;
        var release = visible.Status != WarningStatus.PendingApproval;
        if (release) State.Undelivered.Add(id);
        await store.WriteStateAsync();
        await this.GetStreamProvider(LiveStreams.Provider).GetStream<WarningRecord>(LiveStreams.Warnings).OnNextAsync(visible);
        if (release) await HandOver(visible);
        return visible;
    }

    public async Task Resume()
    {
        if (State.Undelivered.Count == 0) return;
        foreach (var id in State.Undelivered.ToList()) await HandOver(State.Warnings[id]);
        await store.WriteStateAsync();
    }

    // A direct, awaited call rather than a stream: memory streams are not durable, and the change must stay marked
    // undelivered (and be handed over again after a crash) until the area grains confirm it is stored and queued.
    private async Task HandOver(WarningRecord warning)
    {
        var hazard = Hazards.Of(warning.Kind, warning.Ruleset);
        var areas = warning.Areas.Count > 0 ? warning.Areas.Distinct() : [warning.Region];
        foreach (var area in areas) await GrainFactory.GetGrain<IAreaWarningGrain>(IAreaWarningGrain.KeyOf(area, hazard)).Update(warning);
        State.Undelivered.Remove(warning.Id);
    }

    private Approval ApprovalOf(string id)
    {
        if (!State.Approvals.TryGetValue(id, out var approval)) State.Approvals[id] = approval = new Approval();
        return approval;
    }
}
