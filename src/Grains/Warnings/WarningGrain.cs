using Microsoft.Extensions.Options;
using Warning.Grains.Live;
using Warning.Grains.Publication;
using Warning.Publication.Authorities;
using Warning.Records.Warnings;

namespace Warning.Grains.Warnings;

/// <summary>
/// A thin shell around one warning's row: loads it, decides with <see cref="WarningApproval"/>, stores it (one small
/// write in the records database's group commit), and only then announces the change on the live stream and hands it
/// to the public warnings of its areas. The row says when the approval runs out and a released change is noted as
/// due for hand-over until its public warnings confirm it, so the sweeper finds both by index; a warning that is over
/// leaves memory. Who may approve, and whether a joint warning has every unit's approval, is <see cref="WarningAuthority"/>'s
/// decision under the authorities policy in force.
/// </summary>
public sealed class WarningGrain(WarningStore store, LiveAnnouncer live, IOptions<WarningsOptions> options, Authorities authorities, TimeProvider time)
    : Grain, IWarningGrain
{
    private StoredWarning? _row;

    /// <summary>Whether <see cref="_row"/> is what the store holds (null: no row), read or written by this activation.</summary>
    private bool _loaded;

    private string Id => this.GetPrimaryKeyString();

    public async Task Record(WarningRecord warning)
    {
        // A warning's first version comes from its sensor before anything else knows its id: it is stored as a new row
        // without reading first. A row already there (the grain left memory, or its sensor repeats after a crash) is
        // read, and the version goes on as a change of it.
        if (!_loaded && await First(warning)) return;
        await Load();
        // The same version again (its sensor caught up after a crash and recorded what this row already holds): nothing to do.
        if (_row?.Engine is { } engine && SameVersion(engine, warning)) return;
        var before = _row?.Visible;
        _row = new StoredWarning(warning, warning, _row?.Approval ?? new Approval(), _row?.HandoverDue);
        await Publish(before);
    }

    public async Task<WarningRecord?> Get()
    {
        await Load();
        return _row?.Visible;
    }

    public async Task<WarningRecord?> GetRecorded()
    {
        await Load();
        return _row?.Engine;
    }

    public async Task<WarningActionResult> Act(string action, Approver approver, string? note)
    {
        var by = approver.By;
        await Load();
        if (_row is not { Visible: var warning, Approval: var approval }) return new WarningActionResult(null, $"no warning \"{Id}\"", NotFound: true);
        var now = time.GetUtcNow();
        switch (action)
        {
            case "approve" when warning.Status != WarningStatus.PendingApproval:
                return new WarningActionResult(warning, $"warning \"{Id}\" is {warning.Status}, not pending-approval");
            case "approve":
                var policy = authorities.Current;
                var rule = WarningAuthority.Rule(policy, warning);
                if (WarningAuthority.Refusal(policy, warning, approver, WarningAuthority.Progress(rule, approval.Actions, warning.Level)) is { } refusal)
                    return new WarningActionResult(warning, refusal.Message, Forbidden: refusal.Forbidden, Field: refusal.Field);
                approval.Actions.Add(new WarningHistoryEntry(now, warning.Level, WarningAuthority.Approved, by, null, note, approver.Unit));
                // A joint warning stays pending until every unit it needs has approved.
                if (WarningAuthority.Progress(rule, approval.Actions, warning.Level).Complete) approval.ApprovedLevel = warning.Level;
                break;
            case "ack":
                approval.Actions.Add(new WarningHistoryEntry(now, warning.Level, "acknowledged", by, null, note));
                break;
            case "cancel" when warning.Status is WarningStatus.Cancelled or WarningStatus.Ended:
                return new WarningActionResult(warning, $"warning \"{Id}\" is already {warning.Status}");
            case "cancel":
                approval.Cancelled = true;
                approval.Actions.Add(new WarningHistoryEntry(now, warning.Level, "cancelled", by, null, note));
                break;
            default:
                return new WarningActionResult(warning, $"unknown action \"{action}\"; expected approve, ack or cancel");
        }
        return new WarningActionResult(await Publish(warning) ?? warning, null);
    }

    public async Task Escalate()
    {
        await Load();
        if (_row is not { Visible.ApprovalDue: { } due, Visible: var visible, Engine: var engine, Approval: var approval } || due > time.GetUtcNow()) return;
        var level = approval.LevelOf(engine);
        // Which units had not approved is part of the record (a joint warning released without all of them).
        var policy = authorities.Current;
        var progress = WarningAuthority.Progress(WarningAuthority.Rule(policy, visible), approval.Actions, level);
        approval.ApprovedLevel = level;
        approval.Actions.Add(new WarningHistoryEntry(time.GetUtcNow(), level, "escalated", WarningComposer.Engine, null,
            WarningAuthority.EscalationNote(System.Xml.XmlConvert.ToString(options.Value.ApprovalTimeout), policy, visible, progress)));
        await Publish(_row.Visible);
    }

    public async Task Resume(DateTimeOffset due)
    {
        await Load();
        if (_row is null)
        {
            await store.HandedOver(Id, due);
            return;
        }
        _row = _row with { HandoverDue = due };
        await HandOver(_row.Visible);
    }

    public async Task<WarningRecord?> Corroborate(ReportCorroboration report)
    {
        await Load();
        if (_row is not { Visible: var before, Engine: var engine, Approval: var approval } || !before.IsActive) return null;
        var reports = approval.Reports ??= [];
        if (reports.Any(r => r.ReportId == report.ReportId)) return before;
        reports.Add(report);
        var raised = ReportRaise.Decide(engine, reports, time.GetUtcNow());
        approval.Actions.Add(new WarningHistoryEntry(time.GetUtcNow(), raised?.Level ?? engine.Level, ReportRaise.Action, report.By, ReportRaise.Evidence(report),
            $"群测群防报告 {report.ReportId}（{Rules.Reports.ReportKinds.Label(report.Kind)}）{report.Text}".TrimEnd()));
        var published = await Publish(before);
        await store.HoldUntil(Id, report.Until);
        return published;
    }

    public async Task EndHold(DateTimeOffset due)
    {
        await Load();
        if (_row is { Visible: var before, Approval.RaisedLevel: not null } && before.IsActive) await Publish(before);
        await store.HoldEnded(Id, due);
    }

    private static bool SameVersion(WarningRecord a, WarningRecord b) =>
        a.Level == b.Level && a.Status == b.Status && a.Onset == b.Onset && a.Ended == b.Ended && a.Evidence == b.Evidence
        && a.History.SequenceEqual(b.History);

    private async Task Load()
    {
        if (_loaded) return;
        _row = await store.Get(Id);
        _loaded = true;
    }

    private async Task<bool> First(WarningRecord warning)
    {
        _row = new StoredWarning(warning, warning, new Approval(), null);
        if (await Publish(null, asNew: true) is not null) return _loaded = true;
        _row = null;
        return false;
    }

    // Derives what people see from the engine's version and the operators' actions, stores it (over what was stored
    // before, null for a new warning; as a new row only, when asNew — null if there was one), then announces it.
    private async Task<WarningRecord?> Publish(WarningRecord? before, bool asNew = false)
    {
        var (engine, approval) = (_row!.Engine, _row.Approval);
        var now = time.GetUtcNow();
        // Verified reports that still hold raise what people see (a pure decision, on the wall clock).
        var raised = approval.Reports is { Count: > 0 } reports ? ReportRaise.Decide(engine, reports, now) : null;
        (approval.RaisedLevel, approval.RaisedEvidence) = (raised?.Level, raised?.Evidence);
        var missing = WarningAuthority.Progress(WarningAuthority.Rule(authorities.Current, engine), approval.Actions, engine.Level).Missing;
        approval.Awaiting = missing.Count > 0 ? [.. missing] : null;
        var visible = WarningApproval.Visible(engine, approval, now, options.Value.ApprovalTimeout);
        approval.PendingSince = visible.Status == WarningStatus.PendingApproval ? approval.PendingSince ?? now : null;
        if (visible.Status != WarningStatus.PendingApproval) approval.Awaiting = null;
        var release = visible.Status != WarningStatus.PendingApproval;
        _row = new StoredWarning(visible, engine, approval, release ? now : _row.HandoverDue);
        if (asNew && !await store.Insert(_row)) return null;
        if (!asNew) await store.Save(_row, before);
        live.Announce(visible);
        if (release) await HandOver(visible);
        return visible;
    }

    // A direct, awaited call rather than a stream: memory streams are not durable, and the change must stay marked
    // unconfirmed in its row (and be handed over again after a crash) until the area grains confirm it is stored and queued.
    private async Task HandOver(WarningRecord warning)
    {
        var due = _row!.HandoverDue;
        var hazard = Hazards.Of(warning.Kind, warning.Ruleset);
        var areas = warning.Areas.Count > 0 ? warning.Areas.Distinct() : [warning.Region];
        foreach (var area in areas) await GrainFactory.GetGrain<IAreaWarningGrain>(IAreaWarningGrain.KeyOf(area, hazard)).Update(warning);
        if (due is { } handed)
        {
            await store.HandedOver(Id, handed);
            if (_row.HandoverDue == handed) _row = _row with { HandoverDue = null };
        }
        if (!_row.Visible.IsActive) DeactivateOnIdle();
    }
}
