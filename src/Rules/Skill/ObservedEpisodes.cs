using Warning.Rules.Levels;
using Warning.Rules.Rainstorm;

namespace Warning.Rules.Skill;

/// <summary>
/// The observed truth a ruleset is scored against, computed by brute force from the rain series alone (not from any
/// rule's state or hysteresis): at each reading, every threshold's window sum (t − W &lt; ts ≤ t, as the rules sum);
/// an event of level L is a run of consecutive readings at which some threshold of level L or above is reached.
/// Readings come in event-time order; memory is one window per threshold.
/// </summary>
public sealed class ObservedEpisodes(IReadOnlyList<RainstormThreshold> thresholds)
{
    private readonly Queue<(DateTimeOffset Ts, double Mm)>[] _windows = thresholds.Select(_ => new Queue<(DateTimeOffset, double)>()).ToArray();
    private readonly double[] _sums = new double[thresholds.Count];
    private readonly DateTimeOffset?[] _open = new DateTimeOffset?[5];
    private readonly DateTimeOffset[] _last = new DateTimeOffset[5];
    private readonly List<Episode>[] _events = Enumerable.Range(0, 5).Select(_ => new List<Episode>()).ToArray();

    public void Add(DateTimeOffset ts, double mm)
    {
        var level = WarningLevel.None;
        for (var i = 0; i < thresholds.Count; i++)
        {
            var window = _windows[i];
            window.Enqueue((ts, mm));
            _sums[i] += mm;
            while (window.Count > 0 && window.Peek().Ts <= ts - thresholds[i].Window) _sums[i] -= window.Dequeue().Mm;
            if (Math.Round(_sums[i], 3) >= thresholds[i].Millimetres && thresholds[i].Level > level) level = thresholds[i].Level;
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
