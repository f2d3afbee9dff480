using System.Text.Json;
using Warning.Rules.Evaluation;
using Warning.Rules.Forecasts;
using Warning.Rules.Rulesets;
using Warning.Rules.Windows;

namespace Warning.Rules.Ordering;

/// <summary>
/// Makes any rule independent of arrival order within an allowed lateness, without delaying warnings: a reading in
/// order is evaluated at once (the live rule); one that arrives late but within the lateness rebuilds the live rule
/// from the settled one (every reading older than the watermark = newest − lateness, applied in event-time order)
/// plus the pending readings in event-time order. So the changes reported are always those of the readings taken
/// in event-time order, whatever order they came in; a reading more than the lateness older than the newest is
/// refused as too late (exactly the lateness is still in time).
/// </summary>
public sealed class OrderedEvaluator
{
    private readonly Func<JsonElement?, ISensorRule> _create;
    private readonly TimeSpan _lateness;
    private readonly ISensorRule _settled;
    private static readonly Action<ISensorRule> NoContext = _ => { };

    private Action<ISensorRule> _context = NoContext;
    private List<LevelChange> _liveChanges = [];

    public OrderedEvaluator(Func<JsonElement?, ISensorRule> create, TimeSpan lateness, OrderedState state)
    {
        _create = create;
        _lateness = lateness;
        State = state;
        _settled = create(state.Settled);
        // The settled rule holds it now; the JSON (tens of KB for a day of readings) is made again at each save.
        state.Settled = null;
        // One window for both rules: the live rule adds each reading's sample, the settled one finds it there when the
        // reading settles, and the window keeps samples a lateness longer than the horizon for it.
        if (_settled.State is IWindowedState settled) settled.Samples.Slack = lateness;
        Live = Rebuild();
    }

    public OrderedState State { get; }

    /// <summary>The rule with every reading taken so far: its level is the level in force.</summary>
    public ISensorRule Live { get; private set; }

    /// <summary>Every level change of the episodes not yet forgotten, final ones first, in event-time order.</summary>
    public IReadOnlyList<LevelChange> Changes => [.. State.SettledChanges, .. _liveChanges];

    /// <param name="context">Gives a rule what it needs from beyond its sensor before it observes (fire danger, …).</param>
    public OrderedStep Observe(DateTimeOffset ts, IReadOnlyDictionary<string, double> values, Action<ISensorRule>? context = null)
    {
        _context = context ?? NoContext;
        if (State.Newest is { } newest && ts < newest - _lateness) return OrderedStep.Late;

        var inOrder = State.Newest is null || ts > State.Newest;
        var pending = State.Pending;
        // Readings of one time go before the forecast issues of that time; a reading again at its time replaces it.
        var index = pending.Count;
        while (index > 0 && !(pending[index - 1].Ts < ts || (pending[index - 1].Ts == ts && pending[index - 1].Forecast is null))) index--;
        var reading = new PendingReading(ts, values);
        if (index > 0 && pending[index - 1].Ts == ts) pending[index - 1] = reading;
        else pending.Insert(index, reading);

        bool changed;
        RuleNotice? notice = null;
        if (inOrder)
        {
            State.Newest = ts;
            // Readings the new one pushes past the watermark settle first, while the shared window still holds every
            // sample they look back on; the live rule's sample may move the window's horizon past some of those.
            Settle();
            _context(Live);
            var step = Live.Observe(ts, values);
            if (step.Change is { } change) _liveChanges.Add(change);
            changed = step.Change is not null;
            notice = step.Notice;
        }
        else
        {
            // Newest (so the watermark) stays: nothing settles.
            Live = Rebuild();
            changed = true;
        }
        if (inOrder && notice is null) return changed ? OrderedStep.InOrderChanged : OrderedStep.InOrder;
        return new OrderedStep(true, false, !inOrder, changed, notice);
    }

    /// <summary>
    /// Takes a forecast issue at its issue time, in event-time order with the readings exactly as a reading is (a late
    /// one within the lateness rebuilds the live rule); refused as too late like a reading. Rules without forecasts
    /// ignore it.
    /// </summary>
    public OrderedStep Forecast(RainForecast forecast)
    {
        if (Live is not IUsesForecast) return new OrderedStep(false, false, false, false, null);
        var ts = forecast.Issued;
        if (State.Newest is { } newest && ts < newest - _lateness) return OrderedStep.Late;

        var inOrder = State.Newest is null || ts >= State.Newest;
        var index = State.Pending.FindLastIndex(p => p.Ts <= ts) + 1;
        State.Pending.Insert(index, new PendingReading(ts, PendingValues.Empty, forecast));
        inOrder &= index == State.Pending.Count - 1;
        if (inOrder)
        {
            State.Newest = ts;
            Settle();
            var step = ((IUsesForecast)Live).Forecast(forecast);
            if (step.Change is { } change) _liveChanges.Add(change);
            return new OrderedStep(true, false, false, step.Change is not null, null);
        }
        Live = Rebuild();
        return new OrderedStep(true, false, true, true, null);
    }

    /// <summary>The state to persist as JSON, with the settled rule's own state captured for it and not kept.</summary>
    public JsonElement Save(JsonSerializerOptions options)
    {
        State.Settled = SettledState();
        try
        {
            return JsonSerializer.SerializeToElement(State, options);
        }
        finally
        {
            State.Settled = null;
        }
    }

    /// <summary>Whether a final all-clear is among the final changes: what it ended can go once the host recorded it.</summary>
    public bool HoldsEndedEpisode => State.SettledChanges.Count > 0 && State.SettledChanges.Exists(static c => c.Kind == LevelChangeKind.Ended);

    /// <summary>The final changes <see cref="ForgetEndedEpisodes"/> would drop (none without a final all-clear).</summary>
    public IReadOnlyList<LevelChange> EndedEpisodes =>
        State.SettledChanges.GetRange(0, State.SettledChanges.FindLastIndex(static c => c.Kind == LevelChangeKind.Ended) + 1);

    /// <summary>
    /// Drops final changes of episodes that ended with a final all-clear (the host has recorded them) and returns
    /// them, so the change log stays as short as the current episode.
    /// </summary>
    public IReadOnlyList<LevelChange> ForgetEndedEpisodes()
    {
        var forgotten = EndedEpisodes;
        if (forgotten.Count == 0) return [];
        State.SettledChanges.RemoveRange(0, forgotten.Count);
        // Emptied, the list lets its array go too: a province of sensors each holding a spent one adds up.
        if (State.SettledChanges.Count == 0) State.SettledChanges = [];
        return forgotten;
    }

    private ISensorRule Rebuild()
    {
        // The live rule starts as a copy of the settled one and takes the shared window: the copy is made without the
        // samples (its own Newest is saved with it), which it would only throw away.
        var live = _create(SettledState(withSamples: false));
        if (live.State is IWindowedState rebuilt && _settled.State is IWindowedState settled) rebuilt.Samples = settled.Samples;
        _liveChanges = [];
        foreach (var p in State.Pending)
        {
            _context(live);
            if (Take(live, p).Change is { } change) _liveChanges.Add(change);
        }
        return live;
    }

    // The settled rule's state: its window's samples up to its own newest (the pending readings' are saved with them),
    // or none of them.
    private JsonElement SettledState(bool withSamples = true)
    {
        if (_settled.State is not IWindowedState settled) return RulesetCatalog.SaveState(_settled);
        settled.Samples.WriteUpTo = withSamples ? settled.Newest ?? DateTimeOffset.MinValue : DateTimeOffset.MinValue;
        try
        {
            return RulesetCatalog.SaveState(_settled);
        }
        finally
        {
            settled.Samples.WriteUpTo = null;
        }
    }

    private static RuleStep Take(ISensorRule rule, PendingReading p) =>
        p.Forecast is { } forecast ? rule is IUsesForecast f ? f.Forecast(forecast) : RuleStep.Ignored : rule.Observe(p.Ts, p.Values);

    // Readings before the watermark can no longer be joined by earlier ones: apply them to the settled rule.
    // Its changes are the live rule's changes for the same readings, so those move from provisional to final.
    private void Settle()
    {
        var watermark = State.Newest!.Value - _lateness;
        // Loops, not lambdas: this runs at every reading.
        var pending = State.Pending;
        var count = pending.Count;
        while (count > 0 && !(pending[count - 1].Ts < watermark)) count--;
        if (count == 0) return;
        for (var i = 0; i < count; i++)
        {
            _context(_settled);
            if (Take(_settled, pending[i]).Change is { } change) State.SettledChanges.Add(change);
        }
        pending.RemoveRange(0, count);
        if (_liveChanges.Count > 0) ForgetLiveBefore(watermark);
    }

    private void ForgetLiveBefore(DateTimeOffset watermark)
    {
        _liveChanges.RemoveAll(c => c.At < watermark);
        if (_liveChanges.Count == 0) _liveChanges = [];
    }
}
