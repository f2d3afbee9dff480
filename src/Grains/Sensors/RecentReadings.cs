namespace Warning.Grains.Sensors;

/// <summary>
/// The keys of a sensor's most recent readings, for de-duplication, in two rings of <see cref="SensorState.RecentKeys"/>:
/// 4 bytes a key where a <see cref="List{T}"/> of <see cref="long"/> took 8, and none while the keys are a progression —
/// a counter's sequence numbers, a regular series' times, the usual case (every active sensor grain holds them).
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

    /// <summary>How many of the two rings hold an array (none while both are progressions).</summary>
    public int HeldInArrays => _seqs.HeldInArray + _ts.HeldInArray;

    /// <summary>The slots of the arrays held (a few for a few keys off the progression, at most twice <see cref="SensorState.RecentKeys"/>).</summary>
    public int ArraySlots => _seqs.Slots + _ts.Slots;

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

    /// <summary>
    /// The newest <see cref="SensorState.RecentKeys"/> values added. While they are a progression — each the one before
    /// plus the same step, as a counter's numbers and a regular series' times are — they are held as the newest, the step
    /// and how many (no array); a value off the progression makes the array, which goes again once the newest
    /// <see cref="SensorState.RecentKeys"/> values are a progression once more. The array starts as small as the values
    /// it holds and doubles as they come, up to the ring's size: a gauge whose few readings so far came irregularly (a
    /// storm's, then its all-clear's) holds a few slots, not the ring's 512 bytes, for the ring's length of readings.
    /// </summary>
    private sealed class Ring
    {
        private const int Capacity = SensorState.RecentKeys;

        private int[]? _items;
        private int _count;
        private int _next;
        private int _last;
        private long _step;
        private int _streak;

        private const int FirstArray = 8;

        public int HeldInArray => _items is null ? 0 : 1;

        public int Slots => _items?.Length ?? 0;

        public bool Contains(int value)
        {
            if (_items is not null) return Array.IndexOf(_items, value, 0, _count) >= 0;
            if (_count == 0) return false;
            var back = (long)_last - value;
            if (back == 0) return true;
            // Signs apart, the quotient is not positive: no division (a reading in order, the usual one, is after the last).
            return _count > 1 && (back ^ _step) >= 0 && back % _step == 0 && back / _step is > 0 and var k && k < _count;
        }

        public void Add(int value)
        {
            var step = (long)value - _last;
            var continues = _count > 0 && step != 0 && (_streak == 1 || step == _step);
            if (_items is null && _count > 0 && !continues) Spread();
            (_step, _streak) = continues ? (step, Math.Min(_streak + 1, Capacity)) : (0, 1);
            _last = value;
            if (_items is null)
            {
                if (_count < Capacity) _count++;
                return;
            }
            // Filling (never wrapped yet, so _next is the count): full below the ring's size, it doubles.
            if (_next == _items.Length) Array.Resize(ref _items, Math.Min(Capacity, 2 * _items.Length));
            _items[_next] = value;
            _next = (_next + 1) % Capacity;
            if (_count < Capacity) _count++;
            // The last Capacity values (all it holds) are a progression again.
            if (_streak == Capacity) (_items, _next) = (null, 0);
        }

        public void Clear() => (_items, _count, _next, _streak) = (null, 0, 0, 0);

        public IEnumerable<int> Oldest()
        {
            if (_items is null)
            {
                for (var i = 0; i < _count; i++) yield return At(i);
                yield break;
            }
            var start = _count < Capacity ? 0 : _next;
            for (var i = 0; i < _count; i++) yield return _items[(start + i) % Capacity];
        }

        // The i-th oldest value of the progression.
        private int At(int i) => (int)(_last - (_count - 1 - i) * _step);

        private void Spread()
        {
            var items = new int[Math.Min(Capacity, Math.Max(FirstArray, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_count + 1)))];
            for (var i = 0; i < _count; i++) items[i] = At(i);
            (_items, _next) = (items, _count % Capacity);
        }
    }
}
