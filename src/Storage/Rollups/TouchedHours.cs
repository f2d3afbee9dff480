using Warning.Storage.Influx;

namespace Warning.Storage.Rollups;

/// <summary>
/// The hours (UTC, by event time) of each measurement that InfluxDB took readings for since the rollups last ran:
/// the writer records every batch once it is stored, live or late or replayed alike, and <see cref="RollupJob"/> takes
/// the lot and recomputes those hours (and their days). In memory only: what a crash loses is left to the continuous
/// queries (recent hours) or to <c>POST /api/rollups</c>.
/// </summary>
public sealed class TouchedHours
{
    private const long HourMs = 3_600_000;

    private readonly Lock _lock = new();
    private Dictionary<string, HashSet<long>> _hours = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Hours waiting to be rolled up, over all measurements.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Records the hour of every line of a batch InfluxDB took (line protocol as <see cref="LineProtocol"/> writes it).</summary>
    public void Record(string lines)
    {
        var rest = lines.AsSpan();
        string? lastEscaped = null;
        HashSet<long>? hours = null;
        lock (_lock)
        {
            while (!rest.IsEmpty)
            {
                var newline = rest.IndexOf('\n');
                var line = newline < 0 ? rest : rest[..newline];
                rest = newline < 0 ? default : rest[(newline + 1)..];
                if (!LineProtocol.TryReadKey(line, out var escaped, out var ms)) continue;
                // Forecast steps are not readings: their hourly sums would add issues together.
                if (escaped.SequenceEqual(InfluxPoint.ForecastMeasurement)) continue;
                if (hours is null || !escaped.SequenceEqual(lastEscaped))
                {
                    lastEscaped = escaped.ToString();
                    hours = HoursOf(LineProtocol.Unescape(escaped));
                }
                if (hours.Add(HourOf(ms))) _count++;
            }
        }
    }

    /// <summary>Records one hour (by a time in it) of one measurement.</summary>
    public void Record(string measurement, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (HoursOf(measurement).Add(HourOf(at.ToUnixTimeMilliseconds()))) _count++;
        }
    }

    /// <summary>Everything recorded so far, hour numbers (since the epoch) per measurement; the record starts empty again.</summary>
    public IReadOnlyDictionary<string, HashSet<long>> Take()
    {
        lock (_lock)
        {
            var taken = _hours;
            _hours = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
            _count = 0;
            return taken;
        }
    }

    /// <summary>Puts back hours that could not be rolled up, for the next run.</summary>
    public void Return(string measurement, IEnumerable<long> hours)
    {
        lock (_lock)
        {
            var set = HoursOf(measurement);
            foreach (var hour in hours) if (set.Add(hour)) _count++;
        }
    }

    public static DateTimeOffset StartOf(long hour) => DateTimeOffset.FromUnixTimeMilliseconds(hour * HourMs);

    private static long HourOf(long ms) => ms >= 0 ? ms / HourMs : (ms - HourMs + 1) / HourMs;

    private HashSet<long> HoursOf(string measurement)
    {
        if (!_hours.TryGetValue(measurement, out var set)) _hours[measurement] = set = [];
        return set;
    }
}
