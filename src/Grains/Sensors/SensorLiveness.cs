namespace Warning.Grains.Sensors;

/// <summary>
/// One sensor's liveness, kept by its grain (so every silo sees the same) and saved with its state: when its last
/// reading arrived, the last few reporting intervals (event time) and whether it has been found silent. A reading
/// costs a few field writes; nothing is written for it on its own.
/// </summary>
public sealed class SensorLiveness
{
    private const int Intervals = 8;

    /// <summary>Wall-clock arrival of the last reading (or an <c>online</c> status); null for a sensor never heard from.</summary>
    public DateTimeOffset? LastArrival { get; set; }

    /// <summary>The last reporting intervals in event time (ticks), oldest first.</summary>
    public List<long> RecentIntervals { get; set; } = [];

    /// <summary>Event time of the newest reading, as UTC ticks.</summary>
    public long NewestEventTicks { get; set; }

    /// <summary>Found silent past <see cref="OfflineAfter"/>, or said so by its status topic; cleared by the next reading.</summary>
    public bool Offline { get; set; }

    public bool Online => LastArrival is not null && !Offline;

    public void Seen(DateTimeOffset eventTime, DateTimeOffset arrival)
    {
        var ticks = eventTime.UtcTicks;
        if (NewestEventTicks != 0 && ticks > NewestEventTicks)
        {
            if (RecentIntervals.Count == Intervals) RecentIntervals.RemoveAt(0);
            RecentIntervals.Add(ticks - NewestEventTicks);
        }
        if (ticks > NewestEventTicks) NewestEventTicks = ticks;
        if (LastArrival is not { } last || arrival > last) LastArrival = arrival;
    }

    /// <summary>3 × the median reporting interval, at least <paramref name="minimum"/> (RULES.md).</summary>
    public TimeSpan OfflineAfter(TimeSpan minimum)
    {
        if (RecentIntervals.Count == 0) return minimum;
        var sorted = RecentIntervals.Order().ToArray();
        var median = TimeSpan.FromTicks(sorted[sorted.Length / 2]);
        return median * 3 > minimum ? median * 3 : minimum;
    }

    /// <summary>Whether a sensor online now has been silent too long: it goes offline.</summary>
    public bool FallenSilent(DateTimeOffset now, TimeSpan minimum) => Online && now - LastArrival!.Value > OfflineAfter(minimum);
}
