namespace Warning.Ingest.Liveness;

/// <summary>
/// One sensor's liveness: when its last reading arrived and the last few reporting intervals (event time), kept in
/// memory only, so a reading costs a few field writes and no storage or reminder.
/// </summary>
public sealed class SensorLiveness
{
    private const int Intervals = 8;
    private readonly long[] _intervals = new long[Intervals];
    private readonly Lock _gate = new();
    private int _count;
    private int _next;
    private long _lastEventTicks;

    public DateTimeOffset LastArrival { get; private set; }

    public bool Offline { get; set; }

    public void Seen(DateTimeOffset eventTime, DateTimeOffset arrival)
    {
        lock (_gate)
        {
            var ticks = eventTime.UtcTicks;
            if (_lastEventTicks != 0 && ticks > _lastEventTicks)
            {
                _intervals[_next] = ticks - _lastEventTicks;
                _next = (_next + 1) % Intervals;
                _count = Math.Min(_count + 1, Intervals);
            }
            if (ticks > _lastEventTicks) _lastEventTicks = ticks;
            if (arrival > LastArrival) LastArrival = arrival;
        }
    }

    /// <summary>3 × the median reporting interval, at least <paramref name="minimum"/> (RULES.md).</summary>
    public TimeSpan OfflineAfter(TimeSpan minimum)
    {
        lock (_gate)
        {
            if (_count == 0) return minimum;
            var sorted = _intervals.Take(_count).Order().ToArray();
            var median = TimeSpan.FromTicks(sorted[_count / 2]);
            return median * 3 > minimum ? median * 3 : minimum;
        }
    }
}
