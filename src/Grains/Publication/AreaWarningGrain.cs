using System.Text.Json;
using Microsoft.Extensions.Options;
using Warning.Grains.Recipients;
using Warning.Grains.Warnings;
using Warning.Publication;
using Warning.Publication.Cap;
using Warning.Publication.Channels;
using Warning.Publication.FanOut;
using Warning.Publication.Outbox;
using Warning.Rules.Levels;

namespace Warning.Grains.Publication;

/// <summary>
/// The public warning of one (area, hazard). Released sensor warnings (active, not waiting for approval, not under a
/// sensor silence) set its level — the highest of them, so a red inhibits the lower ones — and each change of that
/// level is a new version: stored, then its messages put in the durable outbox, then marked enqueued. An area
/// silence holds new versions (recorded) until it ends. Repeated or re-delivered updates change nothing.
/// </summary>
public sealed class AreaWarningGrain(
    [PersistentState("area-warnings")] IPersistentState<AreaWarningState> store,
    PublicationOutbox outbox,
    IOptions<PublicationOptions> publication,
    IOptions<ChannelsOptions> channels) : Grain, IAreaWarningGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private AreaWarningState State => store.State;

    private string Area => this.GetPrimaryKeyString().Split('/')[0];

    private string Hazard => this.GetPrimaryKeyString().Split('/')[1];

    private PublicWarning? Current => State.Episodes.Count == 0 ? null : State.Episodes[^1];

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => await FinishEnqueueing();

    public async Task Update(WarningRecord warning)
    {
        await FinishEnqueueing();
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
        await FinishEnqueueing();
        if (State.Region is not null) await Recompute(at, []);
    }

    public Task<PublicWarning?> Get(string id) => Task.FromResult(State.Episodes.LastOrDefault(e => e.Id == id));

    private async Task Recompute(DateTimeOffset at, IReadOnlyList<WarningHistoryEntry> sourceHistory)
    {
        var silences = await GrainFactory.GetGrain<ISilenceBookGrain>(ISilenceBookGrain.DefaultKey)
            .Matching(Area, State.Contributors.Values.Select(c => c.SensorId).Distinct().ToList(), at);
        var areaSilence = silences.FirstOrDefault(s => s.CoversArea(Area));
        var silencedSensors = silences.SelectMany(s => s.SensorIds.Select(id => (Sensor: id, s.Id))).ToLookup(x => x.Sensor, x => x.Id);
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
            if (current is not null) await Save(current with { Contributors = Contributors() }, null);
            else await store.WriteStateAsync();   // contributors not yet public are state too
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
            await store.WriteStateAsync();
            return;
        }
        State.LastHeld = null;
        await Save(Next(current, msgType, allClear, top, at, sourceHistory), msgType);
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
            null, false, top?.Evidence ?? warning.Versions.LastOrDefault()?.Evidence);
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

    private async Task Save(PublicWarning warning, string? newVersion)
    {
        if (State.Episodes.Count > 0 && State.Episodes[^1].Id == warning.Id) State.Episodes[^1] = warning;
        else State.Episodes.Add(warning);
        if (warning.Status != WarningStatus.Active) State.Contributors.Clear();
        await store.WriteStateAsync();
        await GrainFactory.GetGrain<IPublicWarningIndexGrain>(IPublicWarningIndexGrain.DefaultKey).Put(new PublicWarningSummary(
            warning.Id, this.GetPrimaryKeyString(), Area, Hazard, warning.Status, warning.Updated,
            warning.Versions.SelectMany(v => v.Contributors).Distinct().ToList()));
        if (newVersion is not null) await FinishEnqueueing();
    }

    /// <summary>Puts the messages of every stored version not yet enqueued into the outbox (idempotent), then marks it.</summary>
    private async Task FinishEnqueueing()
    {
        if (Current is not { } warning || warning.Versions.All(v => v.Enqueued)) return;
        var recipients = await GrainFactory.GetGrain<IRecipientBookGrain>(IRecipientBookGrain.DefaultKey).List(Area);
        var subscriptions = await GrainFactory.GetGrain<ISubscriptionBookGrain>(ISubscriptionBookGrain.DefaultKey).List();
        foreach (var version in warning.Versions.Where(v => !v.Enqueued))
        {
            var body = JsonSerializer.Serialize(warning with { Versions = warning.Versions.Where(v => v.Number <= version.Number).ToList() }, Json);
            await outbox.Enqueue(FanOutPlan.For(warning, version, recipients, subscriptions, channels.Value, publication.Value, body));
        }
        State.Episodes[^1] = warning with { Versions = warning.Versions.Select(v => v with { Enqueued = true }).ToList() };
        await store.WriteStateAsync();
    }

    private Task Held(string silenceId, HeldOutput held) =>
        GrainFactory.GetGrain<ISilenceBookGrain>(ISilenceBookGrain.DefaultKey).RecordHeld(silenceId, this.GetPrimaryKeyString(), held);

    private static int Rank(string? level) => PublicDecision.Rank(level);
}
