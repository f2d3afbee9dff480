using System.Text.Json;
using Microsoft.Extensions.Options;
using Warning.Grains.Warnings;
using Warning.Publication;
using Warning.Publication.Authorities;
using Warning.Publication.Cap;
using Warning.Publication.Channels;
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
/// it ends. Repeated or re-delivered updates change nothing.
/// </summary>
public sealed class AreaWarningGrain(
    PublicWarningStore store,
    RecipientStore recipients,
    SubscriptionStore subscriptions,
    SilenceStore silences,
    IOptions<PublicationOptions> publication,
    IOptions<ChannelsOptions> channels,
    Authorities authorities) : Grain, IAreaWarningGrain
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
            warning.Evidence, warning.Headline, warning.Lat, warning.Lon, Units: units.Count > 0 ? units : null);
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
        if (change is not { MsgType: var msgType, AllClear: var allClear, Top: var top })
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
        var next = Next(current, msgType, allClear, top, at, sourceHistory, sourceSensor);
        await Save(next, next.Versions[^1]);
    }

    private PublicWarning Next(PublicWarning? current, string msgType, bool allClear, PublicContributor? top, DateTimeOffset at,
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
            top is null ? warning.Versions.LastOrDefault()?.Issuers : Issuers.Named(authorities.Current, top.Units, region));
        var action = msgType switch
        {
            "Alert" => "issued",
            "Cancel" => "cancelled",
            _ when allClear => "ended",
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
        var messages = warning is not null && newVersion is not null ? await FanOut(warning, newVersion) : [];
        await store.Save(new AreaChange(Key, state == _stored ? null : state, warning, newVersion, owner?.Id, rows, messages));
        _stored = state;
        _changed.Clear();
        // Nothing in force and nothing held: the area leaves memory until its next warning (its state is stored).
        if (State.Current is not { IsActive: true } && State.Contributors.Count == 0 && State.LastHeld is null) DeactivateOnIdle();
    }

    private async Task<IReadOnlyList<Warning.Publication.Outbox.OutboxMessage>> FanOut(PublicWarning warning, PublicWarningVersion version)
    {
        var body = JsonSerializer.Serialize(warning with { Versions = warning.Versions.Where(v => v.Number <= version.Number).ToList() }, Json);
        return FanOutPlan.For(warning, version, await recipients.List(Area), await subscriptions.ForArea(Area), channels.Value, publication.Value, body);
    }

    private Task Held(string silenceId, HeldOutput held) => silences.RecordHeld(silenceId, Key, held);

    private static int Rank(string? level) => PublicDecision.Rank(level);
}
