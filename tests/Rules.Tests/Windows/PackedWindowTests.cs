using System.Text.Json;
using CsCheck;
using Warning.Rules.Windows;

namespace Warning.Rules.Tests.Windows;

public sealed class PackedWindowTests
{
    private static readonly DateTimeOffset T0 = new(2021, 7, 20, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Property: whatever order samples come in (each within the horizon of the newest so far), the packed window
    /// answers every sum and every "latest at or before" exactly as a plain list of samples does, times included.
    /// </summary>
    [Fact]
    public void Answers_as_a_plain_list_of_samples_does_for_any_arrival_order()
    {
        var horizon = TimeSpan.FromHours(24);
        var gen = Gen.Select(Gen.Int[0, 2000].Array[1, 120], Gen.Double[0, 50].Array[120], Gen.Int[0, 3000].Array[20]);
        gen.Sample((minutes, values, probes) =>
        {
            var window = new PackedWindow();
            var plain = new List<TimedValue>();
            for (var i = 0; i < minutes.Length; i++)
            {
                var sample = new TimedValue(T0.AddMinutes(minutes[i] * 5), Math.Round(values[i], 1));
                Assert.Equal(PlainAdd(plain, sample, horizon), window.Add(sample.Ts, sample.Value, horizon));
            }
            Assert.True(window.Packed);
            Assert.Equal(plain, Enumerable.Range(0, window.Count).Select(i => new TimedValue(window.TsAt(i), window.ValueAt(i))));
            foreach (var probe in probes)
            {
                var at = T0.AddMinutes(probe * 5 + 2);
                foreach (var span in new[] { TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(24) })
                {
                    var from = at - span;
                    Assert.Equal(plain.Where(s => s.Ts > from && s.Ts <= at).Sum(s => s.Value), window.Sum(at, span), 9);
                }
                TimedValue? latest = plain.LastOrDefault(s => s.Ts <= at) is { Ts.Ticks: > 0 } found ? found : null;
                Assert.Equal(latest, window.AtOrBefore(at));
            }
        }, iter: 200);
    }

    /// <summary>
    /// Property: a value held as thousandths reads back as the very double given, bit for bit, so every sum over the
    /// window is the one a list of doubles gives (same order, same additions); a decimal of at most three places, as
    /// parsed, always is one; a value that is not (a finer one, −0, NaN, ±∞, beyond ±2.1 million) is held as a double.
    /// </summary>
    [Fact]
    public void Thousandths_read_back_bit_for_bit_and_a_value_that_is_not_one_keeps_the_window_in_doubles()
    {
        Gen.Int.Sample(k => Assert.Equal(k, PackedWindow.AsThousandths(k / 1000.0)), iter: 100_000);
        Gen.Select(Gen.Int[-2_000_000, 2_000_000], Gen.Int[0, 999]).Sample((whole, frac) =>
        {
            var text = $"{whole}.{frac:D3}".Replace("-0.", "-0.", StringComparison.Ordinal);
            var parsed = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            var k = PackedWindow.AsThousandths(parsed);
            Assert.NotNull(k);
            Assert.Equal(BitConverter.DoubleToInt64Bits(parsed), BitConverter.DoubleToInt64Bits(k.Value / 1000.0));
        }, iter: 100_000);
        foreach (var odd in new[] { 0.0001, 1.0 / 3, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 3e9, 0.1 + 0.2 })
        {
            Assert.Null(PackedWindow.AsThousandths(odd));
        }

        var horizon = TimeSpan.FromHours(24);
        var gen = Gen.Select(Gen.Int[0, 600].Array[1, 120], Gen.Double[0, 50].Array[120], Gen.Int[0, 3].Array[120]);
        gen.Sample((steps, values, places) =>
        {
            var window = new PackedWindow();
            var plain = new List<TimedValue>();
            for (var i = 0; i < steps.Length; i++)
            {
                // Mostly rounded to 0–3 places (held as thousandths), now and then not (the window turns to doubles).
                var value = places[i] == 3 && i % 17 == 5 ? values[i] : Math.Round(values[i], places[i]);
                var sample = new TimedValue(T0.AddMinutes(steps[i] * 5), value);
                Assert.Equal(PlainAdd(plain, sample, horizon), window.Add(sample.Ts, sample.Value, horizon));
            }
            // Once a value that is not held the window in doubles, it stays so until it empties.
            if (window.Thousandths) Assert.All(plain, s => Assert.NotNull(PackedWindow.AsThousandths(s.Value)));
            Assert.Equal(plain.Select(s => BitConverter.DoubleToInt64Bits(s.Value)), Enumerable.Range(0, window.Count).Select(i => BitConverter.DoubleToInt64Bits(window.ValueAt(i))));
            // At the newest sample, and inside the window (a lagging rule's sums: the samples after it are passed over).
            foreach (var at in new[] { plain[^1].Ts, plain[plain.Count / 2].Ts, plain[plain.Count / 2].Ts.AddMinutes(2) })
            {
                TimeSpan[] spans = [TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(3), TimeSpan.FromHours(24)];
                var sums = new double[spans.Length];
                window.Sums(at, spans, sums);
                for (var k = 0; k < spans.Length; k++)
                {
                    var sum = 0.0;
                    for (var i = plain.Count - 1; i >= 0 && plain[i].Ts > at - spans[k]; i--)
                    {
                        if (plain[i].Ts <= at) sum += plain[i].Value;
                    }
                    Assert.Equal(BitConverter.DoubleToInt64Bits(sum), BitConverter.DoubleToInt64Bits(window.Sum(at, spans[k])));
                    // All of them in one pass: each the very same double.
                    Assert.Equal(BitConverter.DoubleToInt64Bits(sum), BitConverter.DoubleToInt64Bits(sums[k]));
                }
            }
        }, iter: 300);

        var doubles = new PackedWindow();
        doubles.Add(T0, 0.5, horizon);
        Assert.True(doubles.Thousandths);
        doubles.Add(T0.AddMinutes(5), 0.1 + 0.2, horizon);
        Assert.False(doubles.Thousandths);
        Assert.Equal(0.1 + 0.2, doubles.ValueAt(1));
        Assert.Equal(0.5, doubles.ValueAt(0));
        doubles.Add(T0.AddDays(3), 1.25, horizon); // every earlier sample leaves: thousandths again
        Assert.True(doubles.Thousandths);
        Assert.Equal(1.25, doubles.Sum(T0.AddDays(3), horizon));
    }

    [Fact]
    public void A_full_window_holds_little_room_beyond_its_samples_and_does_not_resize_per_reading()
    {
        var window = new PackedWindow { Slack = TimeSpan.FromMinutes(10) };
        for (var i = 0; i < 288; i++) window.Add(T0.AddMinutes(5 * i), 0.1 * (i % 3), TimeSpan.FromDays(1));
        var capacity = window.Capacity;
        Assert.InRange(capacity - window.Count, 0, window.Count / 32 + 8);
        for (var i = 288; i < 3 * 288; i++) window.Add(T0.AddMinutes(5 * i), 0.1 * (i % 3), TimeSpan.FromDays(1));
        Assert.Equal(290, window.Count); // a day and the slack
        Assert.InRange(window.Capacity, window.Count, window.Count + window.Count / 32 + 8);
        Assert.True(window.Packed);
        Assert.True(window.Thousandths);

        // A shower of minute readings grows it; once they leave at the horizon it trims back.
        var t = T0.AddMinutes(5 * 3 * 288);
        for (var i = 0; i < 600; i++) window.Add(t.AddMinutes(i), 0.2, TimeSpan.FromDays(1));
        Assert.True(window.Count > 700);
        for (var i = 1; i < 2 * 288; i++) window.Add(t.AddMinutes(600 + 5 * i), 0, TimeSpan.FromDays(1));
        Assert.Equal(290, window.Count);
        Assert.InRange(window.Capacity, window.Count, 2 * (window.Count + window.Count / 32 + 8));
    }

    [Fact]
    public void Takes_eight_bytes_a_sample_where_times_and_values_pack_and_keeps_them_exact_where_they_do_not()
    {
        var window = new PackedWindow();
        for (var i = 0; i < 288; i++) window.Add(T0.AddMinutes(5 * i), i, TimeSpan.FromDays(1));
        Assert.True(window.Packed);
        Assert.True(window.Thousandths);
        Assert.Equal(T0.AddMinutes(5 * 287), window.Newest);
        Assert.Equal(T0.Offset, window.Newest.Offset);

        var finer = T0.AddMinutes(5 * 288).AddTicks(1);
        window.Add(finer, 1, TimeSpan.FromDays(1));
        Assert.False(window.Packed);
        Assert.Equal(finer.Ticks, window.Newest.Ticks);
        Assert.Equal(T0.AddMinutes(5 * 287), window.TsAt(window.Count - 2));

        var utc = new PackedWindow();
        utc.Add(T0, 1, TimeSpan.FromDays(1));
        utc.Add(T0.AddMinutes(5).ToUniversalTime(), 2, TimeSpan.FromDays(1));
        Assert.False(utc.Packed);
        Assert.Equal(TimeSpan.Zero, utc.Newest.Offset);
        Assert.Equal(T0.Offset, utc.TsAt(0).Offset);
    }

    [Fact]
    public void A_window_wider_than_twenty_four_days_keeps_exact_times_and_an_earlier_sample_moves_the_base()
    {
        var wide = new PackedWindow();
        wide.Add(T0, 1, TimeSpan.FromDays(60));
        wide.Add(T0.AddDays(-20), 2, TimeSpan.FromDays(60)); // before the base: still packs
        Assert.True(wide.Packed);
        wide.Add(T0.AddDays(10), 3, TimeSpan.FromDays(60));   // ±24 days of the base: packs
        Assert.True(wide.Packed);
        wide.Add(T0.AddDays(30), 4, TimeSpan.FromDays(60));   // 50 days across
        Assert.False(wide.Packed);
        Assert.Equal([T0.AddDays(-20), T0, T0.AddDays(10), T0.AddDays(30)], Enumerable.Range(0, wide.Count).Select(wide.TsAt));
        Assert.Equal(10, wide.Sum(T0.AddDays(30), TimeSpan.FromDays(51)));

        var rebased = new PackedWindow();
        rebased.Add(T0, 1, TimeSpan.FromDays(20));
        rebased.Add(T0.AddDays(19), 2, TimeSpan.FromDays(20));
        rebased.Add(T0.AddDays(30), 3, TimeSpan.FromDays(20)); // T0 leaves; 30 days from the base, 11 across: rebased
        Assert.True(rebased.Packed);
        Assert.Equal([T0.AddDays(19), T0.AddDays(30)], Enumerable.Range(0, rebased.Count).Select(rebased.TsAt));
    }

    [Fact]
    public void A_repeat_replaces_its_sample_and_a_sample_past_the_horizon_and_slack_is_refused()
    {
        var window = new PackedWindow { Slack = TimeSpan.FromMinutes(10) };
        Assert.True(window.Add(T0, 5, TimeSpan.FromHours(1)));
        Assert.True(window.Add(T0, 7, TimeSpan.FromHours(1)));
        Assert.Equal(1, window.Count);
        Assert.Equal(7, window.Sum(T0, TimeSpan.FromHours(1)));
        Assert.True(window.Add(T0.AddMinutes(65), 1, TimeSpan.FromHours(1)));  // T0 kept: within horizon + slack
        Assert.Equal(2, window.Count);
        Assert.False(window.Add(T0.AddMinutes(-6), 1, TimeSpan.FromHours(1))); // 71 min before the newest
        Assert.True(window.Add(T0.AddMinutes(71), 1, TimeSpan.FromHours(1)));  // pushes T0 out
        Assert.Equal([T0.AddMinutes(65), T0.AddMinutes(71)], Enumerable.Range(0, window.Count).Select(window.TsAt));
    }

    [Fact]
    public void Reads_a_window_saved_as_a_list_of_samples()
    {
        const string saved = """[{"ts":"2021-07-20T08:00:00+08:00","value":1.5},{"ts":"2021-07-20T08:05:00.123+08:00","value":2}]""";
        var window = JsonSerializer.Deserialize<PackedWindow>(saved, Json)!;
        Assert.True(window.Packed);
        Assert.Equal(3.5, window.Sum(T0.AddMinutes(5.5), TimeSpan.FromHours(1)));
        Assert.Equal(JsonSerializer.Deserialize<List<TimedValue>>(saved, Json), Samples(JsonSerializer.Deserialize<PackedWindow>(JsonSerializer.Serialize(window, Json), Json)!));
    }

    [Fact]
    public void A_packed_window_is_saved_packed_a_day_of_samples_in_a_few_kilobytes_and_reads_back_the_same()
    {
        var window = new PackedWindow();
        for (var i = 0; i < 288; i++) window.Add(T0.AddMinutes(5 * i), Math.Round(0.1 * (i % 37), 1), TimeSpan.FromDays(1));
        var json = JsonSerializer.Serialize(window, Json);
        Assert.StartsWith("{\"from\":\"2021-07-20T08:00:00+08:00\",\"ms\":[0,300000,", json, StringComparison.Ordinal);
        Assert.True(json.Length < 4096, $"{json.Length} bytes for 288 samples");
        var back = JsonSerializer.Deserialize<PackedWindow>(json, Json)!;
        Assert.True(back.Packed);
        Assert.Equal(Samples(window), Samples(back));
        Assert.Equal(T0.Offset, back.Newest.Offset);

        // Times that do not pack are saved as a list, exactly.
        window.Add(T0.AddMinutes(5 * 288).AddTicks(3), 1, TimeSpan.FromDays(1));
        Assert.Equal(Samples(window), Samples(JsonSerializer.Deserialize<PackedWindow>(JsonSerializer.Serialize(window, Json), Json)!));
        Assert.StartsWith("[", JsonSerializer.Serialize(window, Json), StringComparison.Ordinal);
    }

    private static List<TimedValue> Samples(PackedWindow w) => [.. Enumerable.Range(0, w.Count).Select(i => new TimedValue(w.TsAt(i), w.ValueAt(i)))];

    private static bool PlainAdd(List<TimedValue> samples, TimedValue sample, TimeSpan horizon)
    {
        var newest = samples.Count == 0 || sample.Ts > samples[^1].Ts ? sample.Ts : samples[^1].Ts;
        if (sample.Ts <= newest - horizon) return false;
        samples.RemoveAll(s => s.Ts == sample.Ts);
        samples.Add(sample);
        samples.Sort((a, b) => a.Ts.CompareTo(b.Ts));
        samples.RemoveAll(s => s.Ts <= newest - horizon);
        return true;
    }
}
