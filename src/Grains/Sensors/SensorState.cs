using Warning.Grains.Telemetry;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warning.Grains.Sensors;

/// <summary>
/// A sensor grain's persisted state. Written when a warning changes (in the same group commit as the warning), when the
/// registry entry changes, and
/// otherwise at most every <see cref="SensorOptions.StateFlushPeriod"/> while readings arrive, never per reading.
/// </summary>
public sealed class SensorState
{
    /// <summary>
    /// Readings remembered for de-duplication: QoS 1 redeliveries and a device's resent backlog come within this many.
    /// An older repeat is harmless anyway (same point in InfluxDB, same sample in the window), so this stays small:
    /// it is held in every sensor grain's memory.
    /// </summary>
    public const int RecentKeys = 128;
    public const int KeptNotices = 20;

    public SensorDefinition? Definition { get; set; }

    /// <summary>The ruleset <see cref="RuleState"/> belongs to; state of another ruleset is not resumed.</summary>
    public string? RuleStateRuleset { get; set; }

    /// <summary>The rule's own state (windows, level, hysteresis) as JSON, from <c>RulesetCatalog.SaveState</c>.</summary>
    public JsonElement? RuleState { get; set; }

    public Reading? LastReading { get; set; }

    /// <summary>Arrival (wall-clock) times and reporting intervals, for liveness only; rules never use them.</summary>
    public SensorLiveness Liveness { get; set; } = new();

    /// <summary>Read from a state saved before <see cref="Liveness"/>: its last arrival. Never written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? LastSeen
    {
        get => null;
        set => Liveness.LastArrival ??= value;
    }

    public string? ActiveWarningId { get; set; }

    /// <summary>The recent readings' keys, held compactly; <see cref="RecentSeqs"/> and <see cref="RecentTs"/> are how they are persisted.</summary>
    [JsonIgnore]
    public RecentReadings Recent { get; } = new();

    public List<long> RecentSeqs
    {
        get => Recent.Seqs;
        set => Recent.LoadSeqs(value);
    }

    /// <summary>Event times of the recent readings as UTC ticks.</summary>
    [JsonConverter(typeof(UtcTicksJson))]
    public List<long> RecentTs
    {
        get => Recent.Times;
        set => Recent.LoadTimes(value);
    }

    public List<SensorNotice> Notices { get; set; } = [];

    public long Readings { get; set; }

    public long Duplicates { get; set; }

    /// <summary>Readings older than the allowed lateness: stored, not evaluated.</summary>
    public long TooLate { get; set; }

    /// <summary>Warning id → number of level changes recorded for it, for the episodes still open to revision.</summary>
    public Dictionary<string, int> RecordedEpisodes { get; set; } = [];

    /// <summary>Whether warning <paramref name="warningId"/> is recorded as it stands: with its episode's <paramref name="changes"/> changes.</summary>
    public bool HasRecorded(string warningId, int changes) => RecordedEpisodes.TryGetValue(warningId, out var recorded) && recorded == changes;

    public bool IsDuplicate(Reading reading) => Recent.Contains(reading.Seq, reading.Ts.UtcTicks);

    public void Remember(Reading reading) => Recent.Remember(reading.Seq, reading.Ts.UtcTicks);

    public void AddNotice(SensorNotice notice) => Bounded(Notices, notice, KeptNotices);

    private static void Bounded<T>(List<T> list, T item, int capacity)
    {
        if (list.Count >= capacity) list.RemoveAt(0);
        list.Add(item);
    }
}
