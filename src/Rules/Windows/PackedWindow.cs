using System.Text.Json.Serialization;

namespace Warning.Rules.Windows;

/// <summary>
/// A metric's samples in event-time order over a horizon before the newest one, packed: a sample is an event time as
/// whole milliseconds from a base (4 bytes) and its value as whole thousandths (4 bytes), 8 bytes where a
/// <see cref="TimedValue"/> takes 24 — a gauge's day of 5-minute samples is most of a sensor grain's memory. Times and
/// values come back exactly as given: a sample with a finer time, another UTC offset than the window's, or too far from
/// the others (a window spanning more than 24 days may) keeps the window's times as <see cref="DateTimeOffset"/> instead
/// (<see cref="Packed"/> false), and a value that is not exactly <c>k / 1000.0</c> for a whole k (every decimal of at
/// most three places is, as parsed) keeps the window's values as <see cref="double"/> (<see cref="Thousandths"/>
/// false), each until the window empties. A sample at an event time already held replaces it (a repeat counts once);
/// one older than the horizon is refused.
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
    private int[]? _milli = [];
    private double[]? _values;
    private long _base;
    private TimeSpan _offset;
    private int _count;

    public int Count => _count;

    /// <summary>Whether times are held as milliseconds from a base (else as <see cref="DateTimeOffset"/>).</summary>
    public bool Packed => _exact is null;

    /// <summary>Whether values are held as whole thousandths (else as <see cref="double"/>).</summary>
    public bool Thousandths => _milli is not null;

    /// <summary>How many samples the window has room for without growing.</summary>
    public int Capacity => _milli?.Length ?? _values!.Length;

    /// <summary>How long past a rule's horizon samples are kept (the lateness of a lagging rule sharing the window).</summary>
    public TimeSpan Slack { get; set; }

    /// <summary>When set, <see cref="PackedWindowJson"/> writes only the samples up to this event time.</summary>
    internal DateTimeOffset? WriteUpTo { get; set; }

    public DateTimeOffset Newest => TsAt(_count - 1);

    public DateTimeOffset TsAt(int i) => _exact is { } exact ? exact[i] : new DateTimeOffset(_base + _ms[i] * TicksPerMs + _offset.Ticks, _offset);

    public double ValueAt(int i) => _milli is { } milli ? milli[i] / 1000.0 : _values![i];

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
            SetValue(index - 1, value);
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
        if (_exact is null && _milli is { } milli) return SumPacked(from, to, _ms, milli);
        var sum = 0.0;
        for (var i = _count - 1; i >= 0; i--)
        {
            var ticks = UtcTicks(i);
            if (ticks <= from) break;
            if (ticks <= to) sum += ValueAt(i);
        }
        return sum;
    }

    /// <summary>
    /// <see cref="Sum"/> over each of <paramref name="windows"/> (shortest first) into <paramref name="sums"/>, in one pass
    /// over the samples: a window's sum is the longer one's running sum where it stops — the same additions in the same
    /// order, so each is the very double <see cref="Sum"/> gives, for a rule asking several at every reading.
    /// </summary>
    public void Sums(DateTimeOffset at, ReadOnlySpan<TimeSpan> windows, Span<double> sums)
    {
        if (_exact is not null || _milli is not { } milli)
        {
            for (var k = 0; k < windows.Length; k++) sums[k] = Sum(at, windows[k]);
            return;
        }
        // As in SumPacked: bounds as ticks from the base (at − window's UTC ticks are at's less the window's), the inner
        // loop SumPacked's own, going on from the sample where the shorter window stopped.
        var ms = _ms;
        var to = at.UtcTicks - _base;
        var sum = 0.0;
        var i = _count - 1;
        for (var k = 0; k < windows.Length; k++)
        {
            var from = to - windows[k].Ticks;
            for (; i >= 0; i--)
            {
                var ticks = ms[i] * TicksPerMs;
                if (ticks <= from) break;
                if (ticks <= to) sum += milli[i] / 1000.0;
            }
            sums[k] = sum;
        }
    }

    // The packed window's (the usual one's) sum: the same samples added in the same order as above, so the very same
    // double, but compared as milliseconds from the base and read from the arrays directly — the rules ask for several
    // sums at every reading, and the general loop's checks of the representation on every sample were most of its time.
    private double SumPacked(long fromTicks, long toTicks, int[] ms, int[] milli)
    {
        // ticks(i) = base + ms[i]·T: comparing ms[i]·T with a bound less the base is comparing ticks(i) with the bound.
        var from = fromTicks - _base;
        var to = toTicks - _base;
        var sum = 0.0;
        for (var i = _count - 1; i >= 0; i--)
        {
            var ticks = ms[i] * TicksPerMs;
            if (ticks <= from) break;
            if (ticks <= to) sum += milli[i] / 1000.0;
        }
        return sum;
    }

    /// <summary>The latest sample at or before <paramref name="at"/>, if any.</summary>
    public TimedValue? AtOrBefore(DateTimeOffset at)
    {
        for (var i = _count - 1; i >= 0; i--)
        {
            if (UtcTicks(i) <= at.UtcTicks) return new TimedValue(TsAt(i), ValueAt(i));
        }
        return null;
    }

    private long UtcTicks(int i) => _exact is { } exact ? exact[i].UtcTicks : _base + _ms[i] * TicksPerMs;

    private void Insert(int index, DateTimeOffset ts, double value)
    {
        if (_count == Capacity) Resize(Roomy(_count));
        if (_count == 0 && _exact is null)
        {
            _base = ts.UtcTicks - ts.UtcTicks % TicksPerMs;
            _offset = ts.Offset;
        }
        if (_exact is { } exact) Array.Copy(exact, index, exact, index + 1, _count - index);
        else Array.Copy(_ms, index, _ms, index + 1, _count - index);
        if (_milli is { } milli) Array.Copy(milli, index, milli, index + 1, _count - index);
        else Array.Copy(_values!, index, _values!, index + 1, _count - index);
        _count++;
        SetValue(index, value);
        Set(index, ts);
    }

    private void Set(int index, DateTimeOffset ts)
    {
        if (_exact is null && !Fits(index, ts)) Unpack();
        if (_exact is { } exact) exact[index] = ts;
        else _ms[index] = (int)((ts.UtcTicks - _base) / TicksPerMs);
    }

    private void SetValue(int index, double value)
    {
        if (_milli is { } milli && AsThousandths(value) is { } k)
        {
            milli[index] = k;
            return;
        }
        if (_milli is not null) UnpackValues();
        _values![index] = value;
    }

    /// <summary>
    /// k when <paramref name="value"/> is exactly <c>k / 1000.0</c> (bit for bit: so −0 and NaN are not), else null. The
    /// division is correctly rounded, so a decimal with at most three places reads back as the very double parsed.
    /// </summary>
    public static int? AsThousandths(double value)
    {
        var scaled = Math.Round(value * 1000);
        if (scaled is not (>= int.MinValue and <= int.MaxValue)) return null;
        var k = (int)scaled;
        return BitConverter.DoubleToInt64Bits(k / 1000.0) == BitConverter.DoubleToInt64Bits(value) ? k : null;
    }

    private void UnpackValues()
    {
        var values = new double[_milli!.Length];
        for (var i = 0; i < _count; i++) values[i] = _milli[i] / 1000.0;
        _values = values;
        _milli = null;
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
        var exact = new DateTimeOffset[Capacity];
        for (var i = 0; i < _count; i++) exact[i] = TsAt(i);
        _exact = exact;
        _ms = [];
    }

    private void RemoveFirst(int n)
    {
        if (_exact is { } exact) Array.Copy(exact, n, exact, 0, _count - n);
        else Array.Copy(_ms, n, _ms, 0, _count - n);
        if (_milli is { } milli) Array.Copy(milli, n, milli, 0, _count - n);
        else Array.Copy(_values!, n, _values!, 0, _count - n);
        _count -= n;
        if (_count == 0)
        {
            // An empty window packs again from its next sample.
            if (_exact is not null) (_exact, _ms) = (null, new int[Capacity]);
            if (_values is not null) (_values, _milli) = (null, new int[Capacity]);
        }
        if (Capacity > Roomy(Roomy(_count))) Resize(Roomy(_count));
    }

    private void Resize(int capacity)
    {
        if (_milli is not null) Array.Resize(ref _milli, capacity);
        else Array.Resize(ref _values, capacity);
        if (_exact is not null) Array.Resize(ref _exact, capacity);
        else Array.Resize(ref _ms, capacity);
    }

    // Arrays grow to a 32nd and 8 samples over what is held, and trim back to that when they hold room for twice as
    // many: a window that has filled no longer grows or trims (no copy per reading), and a day of 288 samples holds
    // room for about 297, not 340 or 512.
    private static int Roomy(int count) => count + count / 32 + 8;
}
