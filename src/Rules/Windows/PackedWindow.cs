using System.Text.Json.Serialization;

namespace Warning.Rules.Windows;

/// <summary>
/// A metric's samples in event-time order over a horizon before the newest one, packed: a sample is an event time as
/// whole milliseconds from a base (4 bytes) and its value (8 bytes), 12 bytes where a <see cref="TimedValue"/> takes 24
/// — a gauge's day of 5-minute samples is most of a sensor grain's memory. Times come back exactly as given: a sample
/// with a finer time, another UTC offset than the window's, or too far from the others (a window spanning more than 24
/// days may) keeps the window's times as <see cref="DateTimeOffset"/> instead (<see cref="Packed"/> false) until it
/// empties. A sample at an event time already held
/// replaces it (a repeat counts once); one older than the horizon is refused.
/// <para>
/// One window can serve two rules over the same readings (the settled and the live rule of
/// <see cref="Ordering.OrderedEvaluator"/>): each asks about event times up to its own newest, and <see cref="Slack"/>
/// keeps samples that long beyond a rule's horizon for the one that lags.
/// </para>
/// </summary>
[JsonConverter(typeof(PackedWindowJson))]
public sealed class PackedWindow
{
    private const long TicksPerMs = TimeSpan.TicksPerMillisecond;

    private int[] _ms = [];
    private DateTimeOffset[]? _exact;
    private double[] _values = [];
    private long _base;
    private TimeSpan _offset;
    private int _count;

    public int Count => _count;

    /// <summary>Whether times are held as milliseconds from a base (else as <see cref="DateTimeOffset"/>).</summary>
    public bool Packed => _exact is null;

    /// <summary>How long past a rule's horizon samples are kept (the lateness of a lagging rule sharing the window).</summary>
    public TimeSpan Slack { get; set; }

    /// <summary>When set, <see cref="PackedWindowJson"/> writes only the samples up to this event time.</summary>
    internal DateTimeOffset? WriteUpTo { get; set; }

    public DateTimeOffset Newest => TsAt(_count - 1);

    public DateTimeOffset TsAt(int i) => _exact is { } exact ? exact[i] : new DateTimeOffset(_base + _ms[i] * TicksPerMs + _offset.Ticks, _offset);

    public double ValueAt(int i) => _values[i];

    /// <summary>Places the sample at its event time; false when it is older than the horizon (plus <see cref="Slack"/>).</summary>
    public bool Add(DateTimeOffset ts, double value, TimeSpan horizon)
    {
        var keep = horizon + Slack;
        var newest = _count == 0 || ts.UtcTicks > UtcTicks(_count - 1) ? ts : Newest;
        var cutoff = (newest - keep).UtcTicks;
        if (ts.UtcTicks <= cutoff) return false;

        // What the new sample pushes past the horizon leaves first, so that it does not hold the base back.
        var drop = 0;
        while (drop < _count && UtcTicks(drop) <= cutoff) drop++;
        if (drop > 0) RemoveFirst(drop);
        Place(ts, value);
        return true;
    }

    /// <summary>Places a sample at its event time, replacing one at the same time, without a horizon (a saved window).</summary>
    internal void Place(DateTimeOffset ts, double value)
    {
        var index = _count;
        while (index > 0 && UtcTicks(index - 1) > ts.UtcTicks) index--;
        if (index > 0 && UtcTicks(index - 1) == ts.UtcTicks)
        {
            Set(index - 1, ts);
            _values[index - 1] = value;
        }
        else
        {
            Insert(index, ts, value);
        }
    }

    /// <summary>Sum over the window ending at <paramref name="at"/>, end inclusive: at − window &lt; ts ≤ at.</summary>
    public double Sum(DateTimeOffset at, TimeSpan window)
    {
        var from = (at - window).UtcTicks;
        var to = at.UtcTicks;
        var sum = 0.0;
        for (var i = _count - 1; i >= 0; i--)
        {
            var ticks = UtcTicks(i);
            if (ticks <= from) break;
            if (ticks <= to) sum += _values[i];
        }
        return sum;
    }

    /// <summary>The latest sample at or before <paramref name="at"/>, if any.</summary>
    public TimedValue? AtOrBefore(DateTimeOffset at)
    {
        for (var i = _count - 1; i >= 0; i--)
        {
            if (UtcTicks(i) <= at.UtcTicks) return new TimedValue(TsAt(i), _values[i]);
        }
        return null;
    }

    private long UtcTicks(int i) => _exact is { } exact ? exact[i].UtcTicks : _base + _ms[i] * TicksPerMs;

    private void Insert(int index, DateTimeOffset ts, double value)
    {
        if (_count == _values.Length) Resize(Roomy(_count));
        if (_count == 0 && _exact is null)
        {
            _base = ts.UtcTicks - ts.UtcTicks % TicksPerMs;
            _offset = ts.Offset;
        }
        if (_exact is { } exact) Array.Copy(exact, index, exact, index + 1, _count - index);
        else Array.Copy(_ms, index, _ms, index + 1, _count - index);
        Array.Copy(_values, index, _values, index + 1, _count - index);
        _count++;
        _values[index] = value;
        Set(index, ts);
    }

    private void Set(int index, DateTimeOffset ts)
    {
        if (_exact is null && !Fits(index, ts)) Unpack();
        if (_exact is { } exact) exact[index] = ts;
        else _ms[index] = (int)((ts.UtcTicks - _base) / TicksPerMs);
    }

    // A time packs when it is whole milliseconds, in the window's UTC offset, and within ±24 days of the base; the base
    // moves to the oldest sample when that makes every sample fit (slot index is being set: its old content is ignored).
    private bool Fits(int index, DateTimeOffset ts)
    {
        if (ts.Offset != _offset || ts.UtcTicks % TicksPerMs != 0) return false;
        if (InRange(ts.UtcTicks - _base)) return true;
        var (oldest, newest) = (ts.UtcTicks, ts.UtcTicks);
        for (var i = 0; i < _count; i++)
        {
            if (i == index) continue;
            var ticks = _base + _ms[i] * TicksPerMs;
            (oldest, newest) = (Math.Min(oldest, ticks), Math.Max(newest, ticks));
        }
        if (!InRange(newest - oldest)) return false;
        var shift = (oldest - _base) / TicksPerMs;
        for (var i = 0; i < _count; i++)
        {
            if (i != index) _ms[i] = (int)(_ms[i] - shift);
        }
        _base = oldest;
        return true;
    }

    private static bool InRange(long ticks) => ticks / TicksPerMs is >= int.MinValue and <= int.MaxValue;

    private void Unpack()
    {
        var exact = new DateTimeOffset[_values.Length];
        for (var i = 0; i < _count; i++) exact[i] = TsAt(i);
        _exact = exact;
        _ms = [];
    }

    private void RemoveFirst(int n)
    {
        if (_exact is { } exact) Array.Copy(exact, n, exact, 0, _count - n);
        else Array.Copy(_ms, n, _ms, 0, _count - n);
        Array.Copy(_values, n, _values, 0, _count - n);
        _count -= n;
        if (_count == 0 && _exact is not null)
        {
            // An empty window packs again from its next sample.
            _exact = null;
            _ms = new int[_values.Length];
        }
        if (_values.Length > Roomy(_count) + _count / 8) Resize(Roomy(_count));
    }

    private void Resize(int capacity)
    {
        Array.Resize(ref _values, capacity);
        if (_exact is not null) Array.Resize(ref _exact, capacity);
        else Array.Resize(ref _ms, capacity);
    }

    // Arrays grow and trim to an eighth over what is held: a window that has filled no longer grows, so this costs
    // nothing per reading, and a day of 288 samples does not hold room for 512.
    private static int Roomy(int count) => count + count / 8 + 16;
}
