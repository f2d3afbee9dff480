using System.Globalization;
using Warning.Grains.Telemetry;

namespace Warning.Silo.Replay;

/// <summary>
/// Reads the replay CSV format (<c>ts,kind,sensor,metric,value</c>, sorted by ts): rows of one sensor and one event
/// time become one reading. Files ending in <c>.jsonl</c> hold recorded MQTT messages instead, one
/// <c>{"topic": "sensors/rain/X/telemetry", "payload": {…}}</c> a line, checked like live telemetry and put in event-time
/// order. A bad line is reported with its number and skipped; the rest carry on.
/// </summary>
public sealed class ReplayInput(string path, DateTimeOffset? from, DateTimeOffset? to)
{
    public List<string> Problems { get; } = [];

    public int Rows { get; private set; }

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
        var group = new SortedDictionary<string, (string Kind, Dictionary<string, double> Values)>(StringComparer.Ordinal);
        while (lines.MoveNext())
        {
            line++;
            if (lines.Current.Length == 0) continue;
            Rows++;
            if (!TryParse(lines.Current, line, out var row)) continue;
            if ((from is { } f && row.Ts < f) || (to is { } t && row.Ts >= t)) continue;
            if (groupTs is { } current && row.Ts != current) yield return Flush(group, current);
            groupTs = row.Ts;
            if (!group.TryGetValue(row.Sensor, out var entry)) group[row.Sensor] = entry = (row.Kind, []);
            entry.Values[row.Metric] = row.Value;
        }
        if (groupTs is { } last) yield return Flush(group, last);
    }

    private IEnumerable<List<(string Kind, Reading Reading)>> ReadMessages()
    {
        var messages = new List<(string Kind, Reading Reading)>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
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

    private static List<(string, Reading)> Flush(SortedDictionary<string, (string Kind, Dictionary<string, double> Values)> group, DateTimeOffset ts)
    {
        var readings = group.Select(g => (g.Value.Kind, new Reading(g.Key, ts, null, g.Value.Values))).ToList();
        group.Clear();
        return readings;
    }

    private bool TryParse(string text, int line, out (DateTimeOffset Ts, string Kind, string Sensor, string Metric, double Value) row)
    {
        row = default;
        var f = text.Split(',');
        if (f.Length != 5) return Fail(line, $"expected 5 fields, got {f.Length}");
        if (!DateTimeOffset.TryParse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var ts)) return Fail(line, $"ts \"{f[0]}\" is not an ISO 8601 time");
        if (!double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)) return Fail(line, $"value \"{f[4]}\" is not a finite number");
        row = (ts, f[1], f[2], f[3], value);
        return true;
    }

    private bool Fail(int line, string problem)
    {
        Problems.Add($"{path}:{line}: {problem}");
        return false;
    }
}
