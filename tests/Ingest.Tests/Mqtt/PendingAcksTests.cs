using Warning.Ingest.Mqtt;

namespace Warning.Ingest.Tests.Mqtt;

public sealed class PendingAcksTests
{
    [Fact]
    public void A_publish_is_taken_once_by_its_packet_identifier()
    {
        var pending = new PendingAcks();
        var handOff = new TaskCompletionSource<bool>();
        Assert.True(pending.Add(7, handOff.Task).IsCompleted);
        Assert.Null(pending.Take(8));
        Assert.Same(handOff.Task, pending.Take(7));
        Assert.Null(pending.Take(7));
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public void A_resend_of_an_identifier_replaces_the_stale_hand_off()
    {
        var pending = new PendingAcks();
        var stale = new TaskCompletionSource<bool>();
        var resent = new TaskCompletionSource<bool>();
        pending.Add(3, stale.Task);
        pending.Add(3, resent.Task);
        Assert.Same(resent.Task, pending.Take(3));
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public void Past_the_limit_the_reader_waits_for_the_oldest_hand_off_still_running()
    {
        var pending = new PendingAcks();
        var running = Enumerable.Range(0, PendingAcks.Limit + 1).Select(_ => new TaskCompletionSource<bool>()).ToList();
        for (var i = 0; i < PendingAcks.Limit; i++) Assert.True(pending.Add((ushort)i, running[i].Task).IsCompleted, $"publish {i} read on at once");

        var wait = pending.Add(PendingAcks.Limit, running[PendingAcks.Limit].Task);
        Assert.Same(running[0].Task, wait);
        running[0].SetResult(true);

        // Finished hand-offs do not count against the limit.
        running[1].SetResult(true);
        running[2].SetResult(false);
        Assert.True(pending.Add(1000, new TaskCompletionSource<bool>().Task).IsCompleted);
    }
}
