using System.Collections.Concurrent;
using System.Text.Json;
using Warning.Rules.Evaluation;
using Warning.Rules.FireCamera;
using Warning.Rules.GasDetection;
using Warning.Rules.Ordering;
using Warning.Rules.Parameters;
using Warning.Rules.Rainstorm;
using Warning.Rules.TangentialAngle;
using Warning.Rules.Torrent;

namespace Warning.Rules.Rulesets;

/// <summary>
/// The rulesets this engine evaluates, the sensor kinds each applies to, how their params are checked and how a
/// rule is built from params and saved state. <c>none</c> stores and shows a sensor's readings without warnings.
/// Adding a ruleset is one line here plus its rule, params and state types.
/// </summary>
public static class RulesetCatalog
{
    public const string None = "none";

    /// <summary>How late a reading may arrive and still be placed at its event time (param <c>lateness</c>).</summary>
    public static readonly TimeSpan DefaultLateness = TimeSpan.FromMinutes(10);

    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal)
    {
        [RainstormParams.RulesetName] = Entry.Of<RainstormParams, RainstormState>(["rain"], RainstormParams.Parse, (p, s) => new RainstormRule(p, s)),
        [TorrentParams.RulesetName] = Entry.Of<TorrentParams, TorrentState>(["rain"], TorrentParams.Parse, (p, s) => new TorrentRule(p, s)),
        [TangentialAngleParams.RulesetName] = Entry.Of<TangentialAngleParams, TangentialAngleState>(["landslide"], TangentialAngleParams.Parse, (p, s) => new TangentialAngleRule(p, s)),
        [GasDetectionParams.RulesetName] = Entry.Of<GasDetectionParams, GasDetectionState>(["chemical"], GasDetectionParams.Parse, (p, s) => new GasDetectionRule(p, s)),
        [FireCameraParams.RulesetName] = Entry.Of<FireCameraParams, FireCameraState>(["firecam"], FireCameraParams.Parse, (p, s) => new FireCameraRule(p, s)),
        [None] = new(["rain", "landslide", "chemical", "firecam"], null, null),
    };

    public static IReadOnlyCollection<string> Names => Entries.Keys;

    public static string DefaultFor(string kind) => kind switch
    {
        "rain" => RainstormParams.RulesetName,
        "landslide" => TangentialAngleParams.RulesetName,
        "chemical" => GasDetectionParams.RulesetName,
        "firecam" => FireCameraParams.RulesetName,
        _ => None,
    };

    public static bool Exists(string ruleset) => Entries.ContainsKey(ruleset);

    public static bool AppliesTo(string ruleset, string kind) => Entries.TryGetValue(ruleset, out var e) && e.Kinds.Contains(kind);

    public static IReadOnlyList<string> KindsOf(string ruleset) => Entries.TryGetValue(ruleset, out var e) ? e.Kinds : [];

    /// <summary>Every problem with <paramref name="parameters"/> for <paramref name="ruleset"/>.</summary>
    public static IReadOnlyList<ParamError> Validate(string ruleset, JsonElement parameters)
    {
        var errors = new List<ParamError>();
        Create(ruleset, parameters, null, errors);
        Lateness(parameters, errors);
        return errors;
    }

    /// <summary>The <c>lateness</c> every ruleset takes (default PT10M).</summary>
    public static TimeSpan Lateness(JsonElement parameters, List<ParamError> errors)
    {
        var reader = new ParamReader(parameters);
        var lateness = reader.Duration("lateness", DefaultLateness);
        errors.AddRange(reader.Errors.Where(e => e.Field == "params.lateness"));
        return lateness;
    }

    /// <summary>
    /// The rule for <paramref name="ruleset"/> behind an <see cref="OrderedEvaluator"/>, resuming from
    /// <paramref name="savedState"/> (an <see cref="OrderedState"/>); null for <c>none</c> or an unknown ruleset.
    /// </summary>
    /// <remarks>
    /// The params are read once and shared, immutable, by both rules of the evaluator and by every sensor of the same
    /// ruleset and params text (a county's gauges mostly run the defaults: one params object, not two per grain).
    /// </remarks>
    public static OrderedEvaluator? CreateOrdered(string ruleset, JsonElement parameters, JsonElement? savedState, List<ParamError> errors)
    {
        if (!Entries.TryGetValue(ruleset, out var entry)) return null;
        var (parsed, problems) = SharedParams(ruleset, entry, parameters);
        errors.AddRange(problems);
        if (parsed is null) return null;
        var state = savedState is { ValueKind: JsonValueKind.Object } s ? s.Deserialize<OrderedState>(StateJson) ?? new OrderedState() : new OrderedState();
        return new OrderedEvaluator(saved => entry.Build!(parsed, saved), Lateness(parameters, errors), state);
    }

    /// <summary>How many distinct (ruleset, params) are kept parsed; past it params are parsed per sensor again.</summary>
    public const int SharedParamsLimit = 10_000;

    private static readonly ConcurrentDictionary<(string Ruleset, string Params), (object? Params, ParamError[] Errors)> Parsed = new();

    private static (object? Params, ParamError[] Errors) SharedParams(string ruleset, Entry entry, JsonElement parameters)
    {
        var key = (ruleset, parameters.ValueKind == JsonValueKind.Undefined ? "" : parameters.GetRawText());
        if (Parsed.TryGetValue(key, out var known)) return known;
        var errors = new List<ParamError>();
        object? parsed = null;
        if (entry.Parse is null) errors.AddRange(new ParamReader(parameters).Errors);
        else parsed = entry.Parse(parameters, errors);
        var result = (parsed, errors.ToArray());
        if (Parsed.Count < SharedParamsLimit) Parsed.TryAdd(key, result);
        return result;
    }

    public static JsonElement SaveState(OrderedEvaluator evaluator) => evaluator.Save(StateJson);

    /// <summary>
    /// The rule for <paramref name="ruleset"/>, resuming from <paramref name="savedState"/> when given; null for
    /// <c>none</c> or an unknown ruleset. Params problems go to <paramref name="errors"/> (defaults stand in).
    /// </summary>
    public static ISensorRule? Create(string ruleset, JsonElement parameters, JsonElement? savedState, List<ParamError> errors) =>
        Entries.TryGetValue(ruleset, out var entry) ? entry.Create(parameters, errors, savedState) : null;

    /// <summary>The rule's state as JSON, for the host to persist and hand back to <see cref="Create"/>.</summary>
    public static JsonElement SaveState(ISensorRule rule) => JsonSerializer.SerializeToElement(rule.State, rule.State.GetType(), StateJson);

    /// <param name="Parse">Reads the params (null for <c>none</c>: no rule).</param>
    /// <param name="Build">A rule of read params, resuming from a saved state when given.</param>
    private sealed record Entry(string[] Kinds, Func<JsonElement, List<ParamError>, object>? Parse, Func<object, JsonElement?, ISensorRule>? Build)
    {
        public ISensorRule? Create(JsonElement parameters, List<ParamError> errors, JsonElement? saved)
        {
            if (Parse is null)
            {
                errors.AddRange(new ParamReader(parameters).Errors);
                return null;
            }
            return Build!(Parse(parameters, errors), saved);
        }

        public static Entry Of<TParams, TState>(string[] kinds, Func<JsonElement, List<ParamError>, TParams> parse, Func<TParams, TState, ISensorRule> create)
            where TParams : notnull
            where TState : new() =>
            new(kinds, (parameters, errors) => parse(parameters, errors),
                (parameters, saved) => create((TParams)parameters, saved is { ValueKind: JsonValueKind.Object } s ? s.Deserialize<TState>(StateJson) ?? new TState() : new TState()));
    }
}
