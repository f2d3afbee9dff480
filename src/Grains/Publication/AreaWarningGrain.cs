using System.Text.Json;
using Microsoft.Extensions.Options;
using Warning.Grains.Warnings;
using Warning.Publication;
using Warning.Publication.Authorities;
using Warning.Publication.Cap;
using Warning.Publication.Channels;
using Warning.Publication.Confirmation;
using Warning.Publication.Outbox;
using Warning.Publication.Texts;
using Warning.Records.Confirmations;
using Warning.Publication.FanOut;
using Warning.Records.Database;
using Warning.Records.PublicWarnings;
using Warning.Records.Recipients;
using Warning.Records.Silences;
using Warning.Records.Subscriptions;

namespace Warning.Grains.Publication;

/// <summary>
/// The public warning of one (area, hazard). Released sensor warnings (active, not waiting for approval, not under a
/// sensor silence) set its level — the highest of them, so a red inhibits the lower ones — and each change of that
/// level is a new version, stored in one transaction with its messages for the outbox (the fan-out reads the area's
/// recipients and subscriptions by index). A change writes what it changed: the contributor's row, the public warning
/// only for a new version, the area's state only when it differs. An area silence holds new versions (recorded) until
/// it ends. Repeated or re-delivered updates change nothing. Call-and-response (叫应): a version at a confirmation
/// level asks the officials it reaches to answer (their rows written with it); when the sweeper finds a step due, the
/// grain reads who is still silent, lets <see cref="CallDecision"/> decide, and stores the steps, the calls again, the
/// notices to the tiers above and the history entries in one transaction.
/// </summary>
public sealed class AreaWarningGrain(
    PublicWarningStore store,
    RecipientStore recipients,
    SubscriptionStore subscriptions,
    SilenceStore silences,
    IOptions<PublicationOptions> publication,
    IOptions<ChannelsOptions> channels,
    Authorities authorities,
    ConfirmationStore confirmations,
    IOptions<ConfirmOptions> confirm,
    ConfirmationTokens tokens,
    TimeProvider time) : Grain, IAreaWarningGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private AreaWarningState State { get; set; } = new();

    /// <summary>Contributors changed since the last save (written as rows of the public warning in force).</summary>
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    /// <summary>The state as last stored: an unchanged state is not written again.</summary>
    private string? _stored;

    private string Key => this.GetPrimaryKeyString();

    private string Area => Key.Split('/')[0];

    private string Hazard => Key.Split('/')[1];

    private PublicWarning? Current => State.Current;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.LoadArea(Key) is not { } json) return;
        _stored = json;
        State = RecordsJson.Read<AreaWarningState>(json);
        if (State.CurrentId is { } id) State.Current = await store.Get(id);
        State.Contributors = State.Current is { IsActive: true } current
            ? current.Contributors.ToDictionary(c => c.WarningId, StringComparer.Ordinal)
            : State.Waiting ?? [];
    }

    public async Task Update(WarningRecord warning)
    {
        // Not released yet: what it said before (if anything) still stands.
        if (warning.Status == WarningStatus.PendingApproval) return;
        var units = Issuers.Approving(warning.History, warning.Level);
        var contributor = new PublicContributor(warning.Id, warning.SensorId, warning.Level, warning.Status, warning.Updated,
            warning.Evidence, warning.Headline, warning.Lat, warning.Lon, Units: units.Count > 0 ? units : null,
            Basis: warning.Basis, ExpectedOnset: warning.Basis == WarningBases.Forecast ? warning.Onset : null);
        if (State.Contributors.TryGetValue(warning.Id, out var known) && Same(known, contributor)) return;
        State.Contributors[warning.Id] = contributor;
        _changed.Add(warning.Id);
        State.Region = warning.Region;
        State.Exercise = warning.Exercise;
        await Recompute(warning.Updated, warning.History, warning.SensorId);
    }

    public async Task Refresh(DateTimeOffset at)
    {
        if (State.Region is not null) await Recompute(at, [], null);
    }

    private async Task Recompute(DateTimeOffset at, IReadOnlyList<WarningHistoryEntry> sourceHistory, string? sourceSensor)
    {
        var inForce = await silences.Matching(Area, State.Contributors.Values.Select(c => c.SensorId).ToHashSet(), at);
        var areaSilence = inForce.FirstOrDefault(s => s.CoversArea(Area));
        var silencedSensors = inForce.SelectMany(s => s.SensorIds.Select(id => (Sensor: id, s.Id))).ToLookup(x => x.Sensor, x => x.Id);
        foreach (var (id, c) in State.Contributors.ToList())
        {
            var silenced = silencedSensors.Contains(c.SensorId);
            if (silenced && !c.Silenced) await Held(silencedSensors[c.SensorId].First(), new HeldOutput(at, c.WarningId, c.Level, $"sensor {c.SensorId} under maintenance: not counted"));
            if (silenced == c.Silenced) continue;
            State.Contributors[id] = c with { Silenced = silenced };
            _changed.Add(id);
        }

        var current = Current is { IsActive: true } active ? active : null;
        var change = PublicDecision.Decide(current, State.Contributors.Values);
        if (change is not { MsgType: var msgType, AllClear: var allClear, Top: var top, Basis: var basis })
        {
            // Contributors not yet public are state too.
            await Save(null, null);
            return;
        }
        if (areaSilence is not null)
        {
            var held = $"{top?.Level ?? current?.Level}/{msgType}/{allClear}";
            if (State.LastHeld != held)
            {
                State.LastHeld = held;
                await Held(areaSilence.Id, new HeldOutput(at, current?.Id ?? "(new)", top?.Level ?? current!.Level, $"{msgType}{(allClear ? " all-clear" : "")} held: area under maintenance"));
            }
            // What was held must outlive this activation: the silence's end refreshes from this state.
            await Save(null, null);
            return;
        }
        State.LastHeld = null;
        var next = Next(current, msgType, allClear, top, basis, at, sourceHistory, sourceSensor);
        await Save(next, next.Versions[^1]);
    }

    private PublicWarning Next(PublicWarning? current, string msgType, bool allClear, PublicContributor? top, (string Basis, DateTimeOffset? ExpectedOnset) basis, DateTimeOffset at,
        IReadOnlyList<WarningHistoryEntry> sourceHistory, string? sourceSensor)
    {
        var region = State.Region!;
        var warning = current ?? new PublicWarning($"{Area}-{Hazard}-{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", Area, region, Hazard, top!.Level,
            WarningStatus.Active, State.Exercise, at, at, null, [], [], []);
        if (current is null)
        {
            // A new public warning: its contributors become rows of it.
            State.Contributors = State.Contributors.Where(c => c.Value.Status == WarningStatus.Active).ToDictionary();
            _changed.UnionWith(State.Contributors.Keys);
        }
        warning = warning with { Contributors = Contributors() };
        var number = warning.Versions.Count + 1;
        var level = top?.Level ?? warning.Level;
        var version = new PublicWarningVersion(number, CapIdentifier.For(region, publication.Value.UnitCode, at, CapIdentifier.SerialOf(warning.Id, number)),
            at, msgType, level, allClear, warning.Contributors.Where(c => !c.Silenced).Select(c => c.WarningId).ToList(),
            null, true, top?.Evidence ?? warning.Versions.LastOrDefault()?.Evidence,
            top is null ? warning.Versions.LastOrDefault()?.Issuers : Issuers.Named(authorities.Current, top.Units, region),
            basis.Basis, basis.ExpectedOnset);
        var action = msgType switch
        {
            "Alert" => "issued",
            "Cancel" => "cancelled",
            _ when allClear => "ended",
            _ when level == warning.Level => "confirmed",
            _ => Rank(level) > Rank(warning.Level) ? "upgraded" : "downgraded",
        };
        // The operators' word that released the level (each unit's approval of a joint warning, or the escalation)
        // belongs in the public audit trail.
        var releases = sourceHistory.Where(h => h.Action is "approved" or "escalated" && h.Level == level).ToList();
        var by = releases.LastOrDefault()?.By ?? WarningComposer.Engine;
        var history = new List<WarningHistoryEntry>(warning.History);
        foreach (var release in releases.Where(r => !history.Any(h => h.At == r.At && h.Action == r.Action && h.By == r.By)))
            history.Add(release with { Note = sourceSensor is null ? release.Note : $"{sourceSensor}: {release.Note}" });
        history.Add(new WarningHistoryEntry(at, level, action, by, version.Evidence, $"v{number} {msgType}"));
        return warning with
        {
            Level = level,
            Status = msgType == "Cancel" ? WarningStatus.Cancelled : allClear ? WarningStatus.Ended : WarningStatus.Active,
            Onset = msgType == "Alert" || action == "upgraded" ? at : warning.Onset,
            Updated = at,
            Ended = allClear ? at : null,
            Versions = [.. warning.Versions, version],
            History = history,
        };
    }

    private static bool Same(PublicContributor known, PublicContributor now) =>
        known with { Silenced = false, Units = null } == now with { Units = null } && (known.Units ?? []).SequenceEqual(now.Units ?? []);

    private List<PublicContributor> Contributors() =>
        State.Contributors.Values.OrderBy(c => c.SensorId, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Stores, in one transaction, what changed: the public warning (a new version, with every message it makes), the
    /// contributors that changed as rows of the public warning in force (or just ended: their last word), and the
    /// area's state if it differs from the stored one.
    /// </summary>
    private async Task Save(PublicWarning? warning, PublicWarningVersion? newVersion)
    {
        if (warning is not null)
        {
            State.Current = warning;
            State.CurrentId = warning.Id;
        }
        var owner = State.Current is { } current && (current.IsActive || warning is not null) ? current : null;
        var rows = owner is null ? [] : _changed.Where(State.Contributors.ContainsKey).Select(id => State.Contributors[id]).ToList();
        if (warning is not null && !warning.IsActive) State.Contributors.Clear();
        State.Waiting = State.Current is { IsActive: true } || State.Contributors.Count == 0 ? null : State.Contributors;
        var state = RecordsJson.Write(State);
        IReadOnlyList<OutboxMessage> messages = [];
        IReadOnlyList<ConfirmationRequest> asks = [];
        if (warning is not null && newVersion is not null) (messages, asks) = await FanOut(warning, newVersion);
        // A version that asks nobody (an all-clear, a retraction, a level that needs no answer) ends the calling of the last.
        var closeCalls = warning is not null && newVersion is not null && asks.Count == 0;
        await store.Save(new AreaChange(Key, state == _stored ? null : state, warning, newVersion, owner?.Id, rows, messages, asks,
            warning?.Id, closeCalls));
        _stored = state;
        _changed.Clear();
        // Nothing in force and nothing held: the area leaves memory until its next warning (its state is stored).
        if (State.Current is not { IsActive: true } && State.Contributors.Count == 0 && State.LastHeld is null) DeactivateOnIdle();
    }

    private async Task<(IReadOnlyList<OutboxMessage> Messages, IReadOnlyList<ConfirmationRequest> Asks)> FanOut(PublicWarning warning, PublicWarningVersion version)
    {
        var body = JsonSerializer.Serialize(warning with { Versions = warning.Versions.Where(v => v.Number <= version.Number).ToList() }, Json);
        var list = await recipients.List(Area);
        var asks = ConfirmationPlan.For(warning, version, list, confirm.Value, tokens, confirm.Value.BaseUrl!, channels.Value.Sms.Url is not null,
            publication.Value.SendExercises);
        var firstSent = time.GetUtcNow();
        var requests = asks.Select(a => new ConfirmationRequest(warning.Id, a.Recipient.Id, Key, version.Number, a.Recipient.Name,
            ConfirmRoles.RoleOf(a.Recipient), a.Recipient.Phone, a.Code, a.TokenId, firstSent, CallDecision.FirstDue(firstSent, confirm.Value.Repeat))).ToList();
        return (FanOutPlan.For(warning, version, list, await subscriptions.ForArea(Area), channels.Value, publication.Value, body, asks), requests);
    }

    public async Task Call(string publicId)
    {
        var now = time.GetUtcNow();
        if (Current is not { IsActive: true } warning || warning.Id != publicId)
        {
            // Rows of a warning no longer in force (its end was stored before calls were): nobody is called about it.
            await store.Save(new AreaChange(Key, CallsOf: publicId, CloseCalls: true));
            return;
        }
        var open = await confirmations.Open(publicId);
        var plan = CallDecision.Decide(Area, open, now, confirm.Value.Escalate);
        if (plan.IsEmpty) return;
        var list = (await recipients.List(Area)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var latest = warning.Versions[^1];
        var messages = new List<OutboxMessage>();
        var history = new List<WarningHistoryEntry>(warning.History);
        OutboxMessage Message(PublicWarningVersion version, string channel, string recipient, string idSuffix, string target, string text, string purpose) =>
            new(OutboxMessage.IdOf(warning.Id, version.Number, channel, recipient + idSuffix), warning.Id, version.Number, version.Contributors, channel,
                recipient, target, version.Level, [warning.Area], text, Purpose: purpose);

        foreach (var c in plan.CallAgain)
        {
            if (!list.TryGetValue(c.RecipientId, out var r) || r.Phone is null) continue;
            var version = warning.Versions.FirstOrDefault(v => v.Number == c.Version) ?? latest;
            var code = tokens.Code(warning.Id, version.Number, r.Id);
            var link = $"{confirm.Value.BaseUrl!.TrimEnd('/')}/c/{tokens.Token(warning.Id, version.Number, r.Id)}";
            messages.Add(Message(version, ChannelNames.Sms, r.Id, "#repeat", r.Phone, ConfirmTexts.Sms(warning, version, code, link), MessagePurposes.Repeat));
            if (channels.Value.Voice.Url is not null)
                messages.Add(Message(version, ChannelNames.Voice, r.Id, "", r.Phone, ConfirmTexts.Voice(warning, version, code), MessagePurposes.Repeat));
        }
        if (plan.CallAgain.Count > 0)
        {
            history.Add(new WarningHistoryEntry(now, warning.Level, "called-again", WarningComposer.Engine, null,
                $"{plan.CallAgain.Count} 未应答，再次通知{(channels.Value.Voice.Url is null ? "" : "（短信+语音）")}：{Names(plan.CallAgain)}"));
        }
        foreach (var notice in plan.Escalations)
        {
            var tier = list.Values.Where(r => CallDecision.AnswersFor(r, notice.TierArea, notice.Role) && r.Phone is not null).ToList();
            var silentKey = string.Join(",", notice.Silent.Select(s => s.RecipientId));
            var text = ConfirmTexts.Escalation(warning, latest, notice.Silent);
            messages.AddRange(tier.Select(r => Message(latest, ChannelNames.Sms, r.Id, $"#escalation{notice.Tier}#{silentKey}", r.Phone!, text, MessagePurposes.Escalation)));
            var told = tier.Count == 0 ? $"名录中无{ConfirmTexts.Role(notice.Role)}" : $"通知{string.Join("、", tier.Select(r => r.Name))}";
            history.Add(new WarningHistoryEntry(now, warning.Level, $"escalated-{notice.Role}", WarningComposer.Engine, null,
                $"{notice.TierArea}：{told}；未应答 {notice.Silent.Count}：{Names(notice.Silent)}"));
        }
        var updated = history.Count == warning.History.Count ? null : warning with { History = history };
        if (updated is not null) State.Current = updated;
        await store.Save(new AreaChange(Key, Warning: updated, Messages: channels.Value.Sms.Url is null ? messages.Where(m => m.Channel != ChannelNames.Sms).ToList() : messages,
            CallsOf: publicId, Steps: plan.Steps));
    }

    private static string Names(IEnumerable<OpenConfirmation> silent) =>
        string.Join("、", silent.Take(ConfirmTexts.NamesListed).Select(s => s.Name)) + (silent.Count() > ConfirmTexts.NamesListed ? "…" : "");

    private Task Held(string silenceId, HeldOutput held) => silences.RecordHeld(silenceId, Key, held);

    private static int Rank(string? level) => PublicDecision.Rank(level);
}
