namespace Warning.Grains.Sensors;

/// <summary>
/// The keys of a sensor's most recent readings, for de-duplication, in two rings of <see cref="SensorState.RecentKeys"/>:
/// 4 bytes a key where a <see cref="List{T}"/> of <see cref="long"/> took 8 (every active sensor grain holds them).
/// A sequence number is kept as its low 32 bits (two readings within the ring whose numbers differ by a multiple of
/// 2³² do not happen); an event time as whole milliseconds from the first one remembered — the precision InfluxDB
/// stores it at, so two times within a millisecond are one point there too — exactly within ±24 days of it. An event
/// time further off is not remembered: a repeat of it is harmless anyway (same point in InfluxDB, same sample in the
/// window).
/// </summary>
public sealed class RecentReadings
{
    private readonly Ring _seqs = new();
    private readonly Ring _ts = new();
    private long _baseMs = long.MinValue;

    public bool Contains(long? seq, long utcTicks) =>
        (seq is { } s && _seqs.Contains(unchecked((int)s))) || (Offset(utcTicks) is { } ms && _ts.Contains(ms));

    public void Remember(long? seq, long utcTicks)
    {
        if (seq is { } s) _seqs.Add(unchecked((int)s));
        if (_baseMs == long.MinValue) _baseMs = utcTicks / TimeSpan.TicksPerMillisecond;
        if (Offset(utcTicks) is { } ms) _ts.Add(ms);
    }

    /// <summary>The sequence numbers remembered, oldest first (their low 32 bits), as the persisted state writes them.</summary>
    public List<long> Seqs => _seqs.Oldest().Select(s => (long)s).ToList();

    /// <summary>The event times remembered, oldest first, as UTC ticks.</summary>
    public List<long> Times => _ts.Oldest().Select(ms => (_baseMs + ms) * TimeSpan.TicksPerMillisecond).ToList();

    public void LoadSeqs(IEnumerable<long> seqs)
    {
        _seqs.Clear();
        foreach (var s in seqs) _seqs.Add(unchecked((int)s));
    }

    public void LoadTimes(IReadOnlyList<long> utcTicks)
    {
        _ts.Clear();
        _baseMs = utcTicks.Count > 0 ? utcTicks[^1] / TimeSpan.TicksPerMillisecond : long.MinValue;
        foreach (var ticks in utcTicks)
        {
            if (Offset(ticks) is { } ms) _ts.Add(ms);
        }
    }

    private int? Offset(long utcTicks)
    {
        if (_baseMs == long.MinValue) return null;
        var offset = utcTicks / TimeSpan.TicksPerMillisecond - _baseMs;
        return offset is >= int.MinValue and <= int.MaxValue ? (int)offset : null;
    }

    /// <summary>The newest <see cref="SensorState.RecentKeys"/> values added; the array is made with the first.</summary>
    private sealed class Ring
    {
        private int[]? _items;
        private int _count;
        private int _next;

        public bool Contains(int value) => _items is not null && Array.IndexOf(_items, value, 0, _count) >= 0;

        public void Add(int value)
        {
            _items ??= new int[SensorState.RecentKeys];
            _items[_next] = value;
            _next = (_next + 1) % _items.Length;
            if (_count < _items.Length) _count++;
        }

        public void Clear() => (_count, _next) = (0, 0);

        public IEnumerable<int> Oldest()
        {
            if (_items is null) yield break;
            var start = _count < _items.Length ? 0 : _next;
            for (var i = 0; i < _count; i++) yield return _items[(start + i) % _items.Length];
        }
    }
}
