using Warning.Rules.Levels;
using Warning.Rules.Rainstorm;

namespace Warning.Rules.Skill;

/// <summary>
/// The observed truth a ruleset is scored against, computed by brute force from the rain series alone (not from any
/// rule's state or hysteresis): at each reading, every threshold's window sum (t − W &lt; ts ≤ t, as the rules sum);
/// an event of level L is a run of consecutive readings at which some threshold of level L or above is reached.
/// Readings come in event-time order; memory is the longest threshold's window.
/// </summary>
public sealed class ObservedEpisodes(IReadOnlyList<RainstormThreshold> thresholds)
{
    // Trimmed once at least this many samples are behind every threshold's window (and at least as many as are in them).
    private const int TrimAfter = 64;

    private readonly RainstormThreshold[] _thresholds = [.. thresholds];
    // Every threshold's window is the tail of one list of samples from its own head on, its sum kept running: a reading
    // is stored once, not once a threshold (this runs at every reading of a replay).
    private readonly List<(long UtcTicks, double Mm)> _samples = [];
    private readonly int[] _heads = new int[thresholds.Count];
    private readonly double[] _sums = new double[thresholds.Count];
    private readonly DateTimeOffset?[] _open = new DateTimeOffset?[5];
    private readonly DateTimeOffset[] _last = new DateTimeOffset[5];
    private readonly List<Episode>[] _events = Enumerable.Range(0, 5).Select(_ => new List<Episode>()).ToArray();

    public void Add(DateTimeOffset ts, double mm)
    {
        _samples.Add((ts.UtcTicks, mm));
        var samples = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_samples);
        var level = WarningLevel.None;
        var behind = int.MaxValue;
        for (var i = 0; i < _thresholds.Length; i++)
        {
            var threshold = _thresholds[i];
            _sums[i] += mm;
            // Leaves in arrival order, as from a queue of the threshold's own: the same subtractions in the same order.
            var cutoff = ts.UtcTicks - threshold.Window.Ticks;
            ref var head = ref _heads[i];
            while (head < samples.Length && samples[head].UtcTicks <= cutoff) _sums[i] -= samples[head++].Mm;
            behind = Math.Min(behind, head);
            if (Math.Round(_sums[i], 3) >= threshold.Millimetres && threshold.Level > level) level = threshold.Level;
        }
        if (behind >= TrimAfter && behind * 2 >= samples.Length)
        {
            _samples.RemoveRange(0, behind);
            for (var i = 0; i < _heads.Length; i++) _heads[i] -= behind;
        }
        for (var l = 1; l <= 4; l++)
        {
            if ((int)level >= l)
            {
                _open[l] ??= ts;
                _last[l] = ts;
            }
            else Close(l);
        }
    }

    /// <summary>The events of <paramref name="level"/> (condition at or above it), including one still open.</summary>
    public IReadOnlyList<Episode> Events(WarningLevel level)
    {
        var l = (int)level;
        return _open[l] is { } start ? [.. _events[l], new Episode(start, _last[l])] : _events[l];
    }

    private void Close(int l)
    {
        if (_open[l] is not { } start) return;
        _events[l].Add(new Episode(start, _last[l]));
        _open[l] = null;
    }
}
