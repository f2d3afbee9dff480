using Warning.Storage.Spool;

namespace Warning.Storage.Tests.Spool;

public sealed class ReadingLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reading-log-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Frames_drain_in_the_order_written_and_what_was_not_drained_survives_a_restart()
    {
        using (var log = new ReadingLog(_dir))
        {
            log.Append("a 1 1\n");
            log.Append("b 1 2\n");
            Assert.True(log.TryPeek(out var first));
            Assert.Equal("a 1 1\n", log.Read(first));
            log.Drained(first);
        }

        using var reopened = new ReadingLog(_dir);
        reopened.Append("c 1 3\n");
        Assert.Equal(["b 1 2\n", "c 1 3\n"], DrainAll(reopened));
        Assert.Equal(0, reopened.TornFrames);
    }

    [Fact]
    public void A_frame_cut_short_by_a_crash_ends_its_segment_and_is_counted()
    {
        string segment;
        using (var log = new ReadingLog(_dir))
        {
            log.Append("a 1 1\n");
            log.Append("b 1 2\nb 1 3\n");
            segment = Directory.GetFiles(_dir, "*.wal").Single();
        }
        // The second frame's last bytes never reached the disk: its checksum no longer matches.
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 8 + 6 + 8 + 10;
            file.Write(new byte[4]);
        }

        using var reopened = new ReadingLog(_dir);
        Assert.Equal(1, reopened.TornFrames);
        Assert.Equal(["a 1 1\n"], DrainAll(reopened));
    }

    [Fact]
    public void Segments_roll_over_and_leave_the_disk_once_drained()
    {
        using var log = new ReadingLog(_dir, segmentBytes: 4096);
        var batch = new string('x', 1500) + "\n";
        for (var i = 0; i < 10; i++) log.Append(batch);
        Assert.True(log.Segments >= 4, $"{log.Segments} segments of 4 KB for 10 frames of 1.5 KB");

        Assert.Equal(10, DrainAll(log).Count);
        Assert.Equal(1, log.Segments); // the one being written stays while appends may come
        log.Tidy(TimeSpan.Zero);
        Assert.Equal(0, log.Segments);
        Assert.Empty(Directory.GetFiles(_dir, "*.wal"));

        log.Append("after 1 1\n");
        Assert.Equal(["after 1 1\n"], DrainAll(log));
    }

    [Fact]
    public void A_refused_frame_is_set_aside_not_lost()
    {
        using var log = new ReadingLog(_dir);
        log.Append("bad\n");
        log.Append("good 1 1\n");
        Assert.True(log.TryPeek(out var bad));
        var aside = log.Reject(bad);
        Assert.Equal("bad\n", File.ReadAllText(aside));
        Assert.Equal(["good 1 1\n"], DrainAll(log));
    }

    [Fact]
    public void Only_the_oldest_frame_can_be_marked_drained()
    {
        using var log = new ReadingLog(_dir);
        log.Append("a 1 1\n");
        log.Append("b 1 2\n");
        Assert.True(log.TryPeek(out var first));
        Assert.Throws<InvalidOperationException>(() => log.Drained(first with { Offset = first.Offset + 14 }));
        Assert.Equal(2, log.Pending);
    }

    [Fact]
    public void A_frame_with_readings_not_yet_evaluated_outlives_its_drain_and_is_handed_out_after_a_restart()
    {
        using (var log = new ReadingLog(_dir, segmentBytes: 4096))
        {
            log.Append("done 1 1\n");
            var waiting = log.Append("rain,region=1,sensor=G v=1 2\nrain,region=1,sensor=H v=2 2\n", unevaluated: 2);
            Assert.Equal(2, DrainAll(log).Count);
            log.Tidy(TimeSpan.Zero);
            Assert.Equal(1, log.Segments); // drained, but a reading in it not evaluated
            Assert.Equal(1, log.Unsettled);
            log.Settled(waiting); // one of its two readings evaluated; the crash comes before the other
        }

        using var reopened = new ReadingLog(_dir, segmentBytes: 4096);
        var found = Assert.Single(reopened.TakeUnsettled());
        // Drained again too: only a frame drained and settled is marked (a mark rewrites a page); InfluxDB overwrites.
        Assert.Equal(["rain,region=1,sensor=G v=1 2\nrain,region=1,sensor=H v=2 2\n"], DrainAll(reopened));
        Assert.Equal("rain,region=1,sensor=G v=1 2\nrain,region=1,sensor=H v=2 2\n", reopened.Read(found));
        Assert.Empty(reopened.TakeUnsettled()); // handed out once
        reopened.Settled(found); // a frame found unsettled is settled by one call, for all its readings
        Assert.Equal(0, reopened.Unsettled);
        Assert.Equal(0, reopened.Segments);
        Assert.Throws<InvalidOperationException>(() => reopened.Settled(found));
    }

    [Fact]
    public void A_frame_is_marked_only_once_drained_and_settled_and_then_never_comes_back()
    {
        using (var log = new ReadingLog(_dir))
        {
            var settledFirst = log.Append("a 1 1\n", unevaluated: 1);
            log.Settled(settledFirst); // not drained yet: no mark, so a crash now evaluates it again (a duplicate to its grain)
            var drainedFirst = log.Append("b 1 2\n", unevaluated: 1);
            Assert.Equal(["a 1 1\n", "b 1 2\n"], DrainAll(log));
            log.Settled(drainedFirst);
            log.Append("c 1 3\n", unevaluated: 1); // neither
        }

        using var reopened = new ReadingLog(_dir);
        Assert.Equal(["c 1 3\n"], reopened.TakeUnsettled().Select(reopened.Read));
        Assert.Equal(["c 1 3\n"], DrainAll(reopened));
    }

    private static List<string> DrainAll(ReadingLog log)
    {
        var lines = new List<string>();
        while (log.TryPeek(out var frame))
        {
            lines.Add(log.Read(frame));
            log.Drained(frame);
        }
        return lines;
    }
}
