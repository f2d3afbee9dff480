using System.Globalization;
using Warning.Grains.Telemetry;

namespace Warning.Silo.Replay;

/// <summary>
/// Reads the replay CSV format (<c>ts,kind,sensor,metric,value</c>, sorted by ts): rows of one sensor and one event
/// time become one reading. A bad row is reported with its line number and skipped; the rest carry on.
/// </summary>
public sealed class ReplayInput(string path, DateTimeOffset? from, DateTimeOffset? to)
{
    public List<string> Problems { get; } = [];

    public int Rows { get; private set; }

    /// <summary>Readings in event-time order, each with the sensor's kind.</summary>
    public IEnumerable<(string Kind, Reading Reading)> Read()
    {
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
            if (groupTs is { } current && row.Ts != current)
            {
                foreach (var reading in Flush(group, current)) yield return reading;
            }
            groupTs = row.Ts;
            if (!group.TryGetValue(row.Sensor, out var entry)) group[row.Sensor] = entry = (row.Kind, []);
            entry.Values[row.Metric] = row.Value;
        }
        if (groupTs is { } last)
        {
            foreach (var reading in Flush(group, last)) yield return reading;
        }
    }

    private static IEnumerable<(string, Reading)> Flush(SortedDictionary<string, (string Kind, Dictionary<string, double> Values)> group, DateTimeOffset ts)
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
