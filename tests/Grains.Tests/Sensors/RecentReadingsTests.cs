using CsCheck;
using Warning.Grains.Sensors;

namespace Warning.Grains.Tests.Sensors;

public sealed class RecentReadingsTests
{
    private static readonly long T0 = new DateTimeOffset(2021, 7, 20, 8, 0, 0, TimeSpan.FromHours(8)).UtcTicks;
    private const long Minute = TimeSpan.TicksPerMinute;

    /// <summary>
    /// Property: counters and regular series with now and then a gap, a jump, a repeat or a reading out of order —
    /// after every reading the keys remembered, their saved lists and every answer to "seen before?" are those of the
    /// plain rings of the newest <see cref="SensorState.RecentKeys"/> keys.
    /// </summary>
    [Fact]
    public void Answers_as_plain_rings_of_the_newest_keys_do_whatever_the_series()
    {
        // Per reading: 0 the next in line, 1 a gap or jump, 2 out of order (back a few), 3 no sequence number.
        var gen = Gen.Select(Gen.Int[0, 3].Array[1, 400], Gen.Int[1, 40].Array[400], Gen.Int[0, 60].Array[30]);
        gen.Sample((kinds, sizes, probes) =>
        {
            var recent = new RecentReadings();
            var plainSeqs = new List<int>();
            var plainTimes = new List<long>();
            long seq = 1_000, minutes = 0;
            for (var i = 0; i < kinds.Length; i++)
            {
                (seq, minutes) = kinds[i] switch
                {
                    1 => (seq + sizes[i], minutes + 5 * sizes[i]),
                    2 => (seq - sizes[i] % 7, minutes - 5 * (sizes[i] % 7) + 1),
                    _ => (seq + 1, minutes + 5),
                };
                long? s = kinds[i] == 3 ? null : seq;
                var ticks = T0 + minutes * Minute;
                var plainSeen = (s is { } v && plainSeqs.Contains(unchecked((int)v))) || plainTimes.Contains(ticks);
                Assert.Equal(plainSeen, recent.Contains(s, ticks));
                if (plainSeen) continue;
                recent.Remember(s, ticks);
                if (s is { } kept) Keep(plainSeqs, unchecked((int)kept));
                Keep(plainTimes, ticks);

                Assert.Equal(plainSeqs.Select(x => (long)x), recent.Seqs);
                Assert.Equal(plainTimes, recent.Times);
                foreach (var probe in probes)
                {
                    Assert.Equal(plainSeqs.Contains(unchecked((int)(seq - probe))), recent.Contains(seq - probe, 0));
                    Assert.Equal(plainTimes.Contains(ticks - probe * Minute), recent.Contains(null, ticks - probe * Minute));
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void A_regular_series_with_a_counter_keeps_its_keys_without_arrays_and_reads_back_the_same()
    {
        var recent = new RecentReadings();
        for (var i = 0; i < 3 * SensorState.RecentKeys; i++) recent.Remember(i, T0 + 5 * i * Minute);
        Assert.Equal(0, recent.HeldInArrays);
        var newest = 3 * SensorState.RecentKeys - 1;
        Assert.True(recent.Contains(newest - SensorState.RecentKeys + 1, 0));
        Assert.False(recent.Contains(newest - SensorState.RecentKeys, 0));
        Assert.True(recent.Contains(null, T0 + 5 * (newest - SensorState.RecentKeys + 1) * Minute));
        Assert.False(recent.Contains(null, T0 + (5 * (newest - SensorState.RecentKeys + 1) + 1) * Minute));

        // A gap makes the arrays; a run of the newest keys in line again lets them go.
        recent.Remember(newest + 10, T0 + 5 * (newest + 10) * Minute);
        Assert.Equal(2, recent.HeldInArrays);
        for (var i = newest + 11; i < newest + 11 + SensorState.RecentKeys; i++) recent.Remember(i, T0 + 5 * i * Minute);
        Assert.Equal(0, recent.HeldInArrays);

        var back = new RecentReadings();
        back.LoadSeqs(recent.Seqs);
        back.LoadTimes(recent.Times);
        Assert.Equal(recent.Seqs, back.Seqs);
        Assert.Equal(recent.Times, back.Times);
        Assert.Equal(0, back.HeldInArrays);
    }

    [Fact]
    public void A_few_irregular_keys_hold_a_few_slots_and_the_ring_grows_to_its_size_as_they_come()
    {
        // A storm's readings then its all-clear's, at no regular step: six event times, the sequence numbers in line.
        var recent = new RecentReadings();
        long[] minutes = [0, 30, 60, 121, 185, 300];
        for (var i = 0; i < minutes.Length; i++) recent.Remember(i + 1, T0 + minutes[i] * Minute);
        Assert.Equal(1, recent.HeldInArrays);
        Assert.Equal(8, recent.ArraySlots);
        Assert.Equal(minutes.Select(m => T0 + m * Minute), recent.Times);

        // Irregular on: the array doubles as keys come, up to the ring's size, and stays a ring of the newest.
        var at = minutes[^1];
        for (var i = 0; i < 2 * SensorState.RecentKeys; i++) recent.Remember(null, T0 + (at += 1 + i % 3) * Minute);
        Assert.Equal(SensorState.RecentKeys, recent.ArraySlots);
        Assert.Equal(SensorState.RecentKeys, recent.Times.Count);
        Assert.Equal(T0 + at * Minute, recent.Times[^1]);
    }

    private static void Keep<T>(List<T> ring, T value)
    {
        if (ring.Count == SensorState.RecentKeys) ring.RemoveAt(0);
        ring.Add(value);
    }
}
