namespace Warning.Rules.Windows;

/// <summary>
/// Samples kept in event-time order over a horizon before the newest one. A sample at an event time already held
/// replaces it (a repeat counts once); one older than the horizon is refused.
/// </summary>
public static class SampleWindow
{
    /// <summary>Places <paramref name="sample"/> at its event time; false when it is older than the horizon.</summary>
    public static bool Add(List<TimedValue> samples, TimedValue sample, TimeSpan horizon)
    {
        var newest = samples.Count == 0 || sample.Ts > samples[^1].Ts ? sample.Ts : samples[^1].Ts;
        if (sample.Ts <= newest - horizon) return false;
        if (samples.Count == samples.Capacity) samples.Capacity = Roomy(samples.Count);
        var index = samples.Count;
        while (index > 0 && samples[index - 1].Ts > sample.Ts) index--;
        if (index > 0 && samples[index - 1].Ts == sample.Ts) samples[index - 1] = sample;
        else samples.Insert(index, sample);

        var drop = 0;
        while (drop < samples.Count && samples[drop].Ts <= newest - horizon) drop++;
        if (drop > 0) samples.RemoveRange(0, drop);
        if (samples.Capacity > Roomy(samples.Count) + samples.Count / 8) samples.Capacity = Roomy(samples.Count);
        return true;
    }

    // A list doubles when full: a window of 288 samples would hold room for 512, twice over (live and settled rule) in
    // every sensor grain. Growing and trimming to an eighth over keeps the slack small; a window that has filled no
    // longer grows, so this costs nothing per reading.
    private static int Roomy(int count) => count + count / 8 + 16;

    public static DateTimeOffset Newest(List<TimedValue> samples) => samples[^1].Ts;

    /// <summary>Sum over the window ending at <paramref name="at"/>, end inclusive: at − window &lt; ts ≤ at.</summary>
    public static double Sum(List<TimedValue> samples, DateTimeOffset at, TimeSpan window)
    {
        var from = at - window;
        var sum = 0.0;
        for (var i = samples.Count - 1; i >= 0; i--)
        {
            var sample = samples[i];
            if (sample.Ts <= from) break;
            if (sample.Ts <= at) sum += sample.Value;
        }
        return sum;
    }

    /// <summary>The latest sample at or before <paramref name="at"/>, if any.</summary>
    public static TimedValue? AtOrBefore(List<TimedValue> samples, DateTimeOffset at)
    {
        for (var i = samples.Count - 1; i >= 0; i--)
        {
            if (samples[i].Ts <= at) return samples[i];
        }
        return null;
    }
}
