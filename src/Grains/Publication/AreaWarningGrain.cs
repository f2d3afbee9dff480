using System.Text.Json;
using Microsoft.Extensions.Options;
using Warning.Grains.Warnings;
using Warning.Publication;
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
/// recipients and subscriptions by index). An area silence holds new versions (recorded) until it ends. Repeated or
/// re-delivered updates change nothing.
/// </summary>
public sealed class AreaWarningGrain(
    PublicWarningStore store,
    RecipientStore recipients,
    SubscriptionStore subscriptions,
    SilenceStore silences,
    IOptions<PublicationOptions> publication,
    IOptions<ChannelsOptions> channels) : Grain, IAreaWarningGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private AreaWarningState State { get; set; } = new();

    private string Key => this.GetPrimaryKeyString();

    private string Area => Key.Split('/')[0];

    private string Hazard => Key.Split('/')[1];

    private PublicWarning? Current => State.Current;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.LoadArea(Key) is not { } json) return;
        State = RecordsJson.Read<AreaWarningState>(json);
        if (State.CurrentId is { } id) State.Current = await store.Get(id);
    }

    public async Task Update(WarningRecord warning)
    {
        // Not released yet: what it said before (if anything) still stands.
        if (warning.Status == WarningStatus.PendingApproval) return;
        var contributor = new PublicContributor(warning.Id, warning.SensorId, warning.Level, warning.Status, warning.Updated,
            warning.Evidence, warning.Headline, warning.Lat, warning.Lon);
        if (State.Contributors.TryGetValue(warning.Id, out var known) && known with { Silenced = false } == contributor) return;
        State.Contributors[warning.Id] = contributor;
        State.Region = warning.Region;
        State.Exercise = warning.Exercise;
        await Recompute(warning.Updated, warning.History);
    }

    public async Task Refresh(DateTimeOffset at)
    {
        if (State.Region is not null) await Recompute(at, []);
    }

    private async Task Recompute(DateTimeOffset at, IReadOnlyList<WarningHistoryEntry> sourceHistory)
    {
        var inForce = await silences.Matching(Area, State.Contributors.Values.Select(c => c.SensorId).ToHashSet(), at);
        var areaSilence = inForce.FirstOrDefault(s => s.CoversArea(Area));
        var silencedSensors = inForce.SelectMany(s => s.SensorIds.Select(id => (Sensor: id, s.Id))).ToLookup(x => x.Sensor, x => x.Id);
        foreach (var (id, c) in State.Contributors.ToList())
        {
            var silenced = silencedSensors.Contains(c.SensorId);
            if (silenced && !c.Silenced) await Held(silencedSensors[c.SensorId].First(), new HeldOutput(at, c.WarningId, c.Level, $"sensor {c.SensorId} under maintenance: not counted"));
            State.Contributors[id] = c with { Silenced = silenced };
        }

        var current = Current is { IsActive: true } active ? active : null;
        var change = PublicDecision.Decide(current, State.Contributors.Values);
        if (change is not { MsgType: var msgType, AllClear: var allClear, Top: var top })
        {
            // Contributors not yet public are state too.
            await Save(current is null ? null : current with { Contributors = Contributors() }, null);
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
        var next = Next(current, msgType, allClear, top, at, sourceHistory);
        await Save(next, next.Versions[^1]);
    }

    private PublicWarning Next(PublicWarning? current, string msgType, bool allClear, PublicContributor? top, DateTimeOffset at,
        IReadOnlyList<WarningHistoryEntry> sourceHistory)
    {
        var region = State.Region!;
        var warning = current ?? new PublicWarning($"{Area}-{Hazard}-{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", Area, region, Hazard, top!.Level,
            WarningStatus.Active, State.Exercise, at, at, null, [], [], []);
        if (current is null) State.Contributors = State.Contributors.Where(c => c.Value.Status == WarningStatus.Active).ToDictionary();
        warning = warning with { Contributors = Contributors() };
        var number = warning.Versions.Count + 1;
        var level = top?.Level ?? warning.Level;
        var version = new PublicWarningVersion(number, CapIdentifier.For(region, publication.Value.UnitCode, at, CapIdentifier.SerialOf(warning.Id, number)),
            at, msgType, level, allClear, warning.Contributors.Where(c => !c.Silenced).Select(c => c.WarningId).ToList(),
            null, true, top?.Evidence ?? warning.Versions.LastOrDefault()?.Evidence);
        var action = msgType switch
        {
            "Alert" => "issued",
            "Cancel" => "cancelled",
            _ when allClear => "ended",
            _ => Rank(level) > Rank(warning.Level) ? "upgraded" : "downgraded",
        };
        // The operators' word that released the level (approval or escalation) belongs in the public audit trail.
        var release = sourceHistory.LastOrDefault(h => h.Action is "approved" or "escalated" && h.Level == level);
        var by = release?.By ?? WarningComposer.Engine;
        var history = new List<WarningHistoryEntry>(warning.History);
        if (release is not null && !history.Any(h => h.At == release.At && h.Action == release.Action && h.By == release.By))
            history.Add(release with { Note = $"{top?.SensorId}: {release.Note}".TrimEnd(' ', ':') });
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

    private List<PublicContributor> Contributors() =>
        State.Contributors.Values.OrderBy(c => c.SensorId, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Stores the state, the public warning and — for a new version — every message it makes, in one transaction.
    /// </summary>
    private async Task Save(PublicWarning? warning, PublicWarningVersion? newVersion)
    {
        if (warning is not null)
        {
            State.Current = warning;
            State.CurrentId = warning.Id;
            if (warning.Status != WarningStatus.Active) State.Contributors.Clear();
        }
        var messages = warning is not null && newVersion is not null ? await FanOut(warning, newVersion) : [];
        await store.Save(Key, RecordsJson.Write(State), warning, messages);
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
