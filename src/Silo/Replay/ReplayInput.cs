using System.Globalization;
using System.Runtime.InteropServices;
using Warning.Grains.Telemetry;
using Warning.Rules.Ordering;

namespace Warning.Silo.Replay;

/// <summary>
/// Reads the replay CSV format (<c>ts,kind,sensor,metric,value</c>, sorted by ts): rows of one sensor and one event
/// time become one reading. Files ending in <c>.jsonl</c> hold recorded MQTT messages instead, one
/// <c>{"topic": "sensors/rain/X/telemetry", "payload": {…}}</c> a line, checked like live telemetry and put in event-time
/// order. A bad line is reported with its number and skipped; the rest carry on.
/// Forecast rows (<see cref="ForecastKind"/>) sit at their issue time: <c>2012-08-01T00:00:00+08:00,forecast,BLH-RAIN-01,rain_mm+PT3H,12.5</c>
/// forecasts 12.5 mm for the interval ending 3 h after the issue; one issue's rows become one entry of kind
/// <c>forecast</c> (metrics <c>rain_mm+{lead}</c>) placed after the readings of its time.
/// </summary>
public sealed class ReplayInput(string path, DateTimeOffset? from, DateTimeOffset? to)
{
    public const string ForecastKind = "forecast";

    public const string ForecastMetricPrefix = "rain_mm+";

    public List<string> Problems { get; } = [];

    public int Rows { get; private set; }

    /// <summary>Characters read so far, line ends counted: against the file's length, how far the replay is.</summary>
    public long Read { get; private set; }

    /// <summary>Readings grouped by event time, in event-time order; within a group, sensors in id order.</summary>
    public IEnumerable<List<(string Kind, Reading Reading)>> ReadGroups()
    {
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var messages in ReadMessages()) yield return messages;
            yield break;
        }
        using var lines = File.ReadLines(path).GetEnumerator();
        if (!lines.MoveNext() || lines.Current.Trim() != "ts,kind,sensor,metric,value")
        {
            Problems.Add($"{path}:1: expected the header ts,kind,sensor,metric,value");
            yield break;
        }
        var line = 1;
        DateTimeOffset? groupTs = null;
        var group = new List<Entry>();
        while (lines.MoveNext())
        {
            line++;
            Read += lines.Current.Length + 1;
            if (lines.Current.Length == 0) continue;
            Rows++;
            if (!TryParse(lines.Current, line, out var row)) continue;
            if ((from is { } f && row.Ts < f) || (to is { } t && row.Ts >= t)) continue;
            if (groupTs is { } current && row.Ts != current) yield return Flush(group, current);
            groupTs = row.Ts;
            if (row.Kind == ForecastKind && !IsForecastMetric(row.Metric, line)) continue;
            var key = row.Kind == ForecastKind ? $"{ForecastKind}\u0001{row.Sensor}" : row.Sensor;
            Add(group, key, row.Kind, row.Metric, row.Value);
        }
        if (groupTs is { } last) yield return Flush(group, last);
    }

    /// <summary>
    /// One reading of a group in the making: its first metric held inline, more of them (rare) in <see cref="More"/>,
    /// which then holds them all in the order first seen.
    /// </summary>
    private struct Entry(string key, string kind, string metric, double value)
    {
        public readonly string Key = key;
        public readonly string Kind = kind;
        public readonly string Metric = metric;
        public double Value = value;
        public Dictionary<string, double>? More;

        public void Set(string metric, double value)
        {
            if (More is null && string.Equals(metric, Metric, StringComparison.Ordinal))
            {
                Value = value;
                return;
            }
            More ??= new Dictionary<string, double>(StringComparer.Ordinal) { [Metric] = Value };
            More[metric] = value;
        }

        public readonly IReadOnlyDictionary<string, double> Values => More is null ? PendingValues.Of(Metric, Value) : PendingValues.Of(More);
    }

    // The group's readings kept in key order (ordinal) as they come: a season's rows are written in that order, so a
    // row's reading is the last one or a new last one, and only rows out of that order are searched for and inserted.
    // A key's kind is its first row's; a metric again in the same reading replaces the value.
    private static void Add(List<Entry> group, string key, string kind, string metric, double value)
    {
        var entries = CollectionsMarshal.AsSpan(group);
        var order = entries.Length == 0 ? -1 : string.CompareOrdinal(entries[^1].Key, key);
        if (order < 0)
        {
            group.Add(new Entry(key, kind, metric, value));
            return;
        }
        if (order == 0)
        {
            entries[^1].Set(metric, value);
            return;
        }
        var (low, high) = (0, entries.Length - 1);
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            var compared = string.CompareOrdinal(entries[middle].Key, key);
            if (compared == 0)
            {
                entries[middle].Set(metric, value);
                return;
            }
            if (compared < 0) low = middle + 1;
            else high = middle - 1;
        }
        group.Insert(low, new Entry(key, kind, metric, value));
    }

    private IEnumerable<List<(string Kind, Reading Reading)>> ReadMessages()
    {
        var messages = new List<(string Kind, Reading Reading)>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            Read += text.Length + 1;
            if (string.IsNullOrWhiteSpace(text)) continue;
            Rows++;
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(text);
                var root = doc.RootElement;
                var topic = root.TryGetProperty("topic", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.String ? Ingest.Telemetry.SensorTopic.Parse(t.GetString()!) : null;
                if (topic is not { Channel: "telemetry" }) { Fail(line, "expected \"topic\": \"sensors/{kind}/{sensorId}/telemetry\""); continue; }
                if (!root.TryGetProperty("payload", out var payload)) { Fail(line, "expected a \"payload\" object"); continue; }
                var (reading, rejection) = Ingest.Telemetry.TelemetryParser.Parse(topic.SensorId, payload, "$.payload", DateTimeOffset.MaxValue);
                if (rejection is not null) { Fail(line, $"{rejection.Field}: {rejection.Error}"); continue; }
                if ((from is { } f && reading!.Ts < f) || (to is { } end && reading!.Ts >= end)) continue;
                messages.Add((topic.Kind, reading!));
            }
            catch (System.Text.Json.JsonException e)
            {
                Fail(line, $"not JSON: {e.Message}");
            }
        }
        foreach (var group in messages.OrderBy(m => m.Reading.Ts).ThenBy(m => m.Reading.SensorId, StringComparer.Ordinal).GroupBy(m => m.Reading.Ts))
        {
            yield return group.ToList();
        }
    }

    private static List<(string, Reading)> Flush(List<Entry> group, DateTimeOffset ts)
    {
        // Readings first, then the forecast issues of the same time (as the engine orders them).
        var readings = new List<(string, Reading)>(group.Count);
        foreach (var entry in group)
        {
            if (entry.Kind != ForecastKind) readings.Add((entry.Kind, new Reading(entry.Key, ts, null, entry.Values)));
        }
        foreach (var entry in group)
        {
            if (entry.Kind == ForecastKind) readings.Add((entry.Kind, new Reading(entry.Key[(ForecastKind.Length + 1)..], ts, null, entry.Values)));
        }
        group.Clear();
        return readings;
    }

    // A season repeats a few strings millions of times (each time, kind, sensor and metric): each is parsed or made once.
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private string _lastTsText = "";
    private DateTimeOffset _lastTs;

    private bool TryParse(string text, int line, out (DateTimeOffset Ts, string Kind, string Sensor, string Metric, double Value) row)
    {
        row = default;
        var rest = text.AsSpan();
        Span<Range> fields = stackalloc Range[6];
        var count = rest.Split(fields, ',');
        if (count != 5) return Fail(line, $"expected 5 fields, got {(count == 6 ? text.Count(c => c == ',') + 1 : count)}");
        var tsText = rest[fields[0]];
        DateTimeOffset ts;
        if (tsText.SequenceEqual(_lastTsText)) ts = _lastTs;
        else if (DateTimeOffset.TryParse(tsText, CultureInfo.InvariantCulture, DateTimeStyles.None, out ts)) (_lastTsText, _lastTs) = (tsText.ToString(), ts);
        else return Fail(line, $"ts \"{tsText}\" is not an ISO 8601 time");
        var valueText = rest[fields[4]];
        if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)) return Fail(line, $"value \"{valueText}\" is not a finite number");
        row = (ts, Name(rest[fields[1]]), Name(rest[fields[2]]), Name(rest[fields[3]]), value);
        return true;
    }

    private string Name(ReadOnlySpan<char> text)
    {
        var names = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (names.TryGetValue(text, out var name)) return name;
        // The interned instance where there is one (the metric names rules look for are literals): what a grain keeps of a
        // reading's values shares it, as PendingValues.Of would make it share it.
        name = text.ToString();
        name = string.IsInterned(name) ?? name;
        // A bounded cache: a file of ever new names (it would be odd) is parsed at the old speed, not held in memory.
        if (_names.Count < 1_000_000) _names[name] = name;
        return name;
    }

    /// <summary>The lead of a forecast metric <c>rain_mm+PT3H</c>, or null.</summary>
    public static TimeSpan? LeadOf(string metric) =>
        metric.StartsWith(ForecastMetricPrefix, StringComparison.Ordinal) && Rules.Parameters.ParamReader.TryParseDuration(metric[ForecastMetricPrefix.Length..], out var lead) && lead > TimeSpan.Zero
            ? lead : null;

    private bool IsForecastMetric(string metric, int line) =>
        LeadOf(metric) is not null || Fail(line, $"a forecast row's metric is rain_mm+{{lead}} such as rain_mm+PT3H, got \"{metric}\"");

    private bool Fail(int line, string problem)
    {
        Problems.Add($"{path}:{line}: {problem}");
        return false;
    }
}
