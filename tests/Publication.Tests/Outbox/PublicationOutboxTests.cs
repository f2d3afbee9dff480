using Microsoft.Extensions.Logging.Abstractions;
using Warning.Publication.Outbox;

namespace Warning.Publication.Tests.Outbox;

public sealed class PublicationOutboxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("outbox-").FullName;

    private PublicationOutbox Open() => new(_dir, flushToDisk: true, TimeProvider.System, NullLogger<PublicationOutbox>.Instance);

    private static OutboxMessage Message(int recipient, int version = 1) =>
        new(OutboxMessage.IdOf("W1", version, "sms", $"r{recipient}"), "W1", version, ["G1-x"], "sms", $"r{recipient}", "+8613800000000", "red", ["A"], "text");

    [Fact]
    public async Task A_message_is_kept_once_however_often_it_is_enqueued_and_across_a_restart()
    {
        await using (var outbox = Open())
        {
            Assert.Equal(3, await outbox.Enqueue([Message(1), Message(2), Message(3), Message(1)]));
            Assert.Equal(0, await outbox.Enqueue([Message(2)]));
        }
        await using var reopened = Open();
        Assert.Equal(0, await reopened.Enqueue([Message(1), Message(2), Message(3)]));
        Assert.Equal(1, await reopened.Enqueue([Message(1, version: 2)]));
        Assert.Equal(4, reopened.List("W1").Count);
        Assert.Equal(4, reopened.List("G1-x").Count);
    }

    [Fact]
    public async Task After_a_crash_what_was_queued_or_sending_goes_out_again_and_what_was_sent_does_not()
    {
        await using (var outbox = Open())
        {
            await outbox.Enqueue([Message(1), Message(2), Message(3)]);
            var taken = await outbox.Take("sms", 2);
            Assert.Equal(2, taken.Count);
            await outbox.MarkSent(taken[0].MessageId, 1);
            // taken[1] is "sending" when the process dies; Message(3) is still queued.
        }
        await using var reopened = Open();
        Assert.Equal(2, reopened.Recovered);
        var again = await reopened.Take("sms", 10);
        Assert.Equal(2, again.Count);
        Assert.DoesNotContain(again, m => m.MessageId == Message(1).MessageId);
    }

    [Fact]
    public async Task A_deferred_message_comes_back_at_its_time_adds_up_its_tries_and_is_refused_once_too_old()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-07-20T08:00:00Z"));
        await using (var outbox = new PublicationOutbox(_dir, flushToDisk: true, clock, NullLogger<PublicationOutbox>.Instance))
        {
            await outbox.Enqueue([Message(1)]);
            var id = (await outbox.Take("sms", 10)).Single().MessageId;
            Assert.True(await outbox.TryDefer(id, 3, "GatewayException: 503", clock.Now.AddSeconds(30), TimeSpan.FromHours(1)));
            Assert.Equal("queued", outbox.Get(id)!.State);
            Assert.Empty(await outbox.Take("sms", 10));                   // not before its time
            clock.Now = clock.Now.AddSeconds(31);
            Assert.Equal(id, (await outbox.Take("sms", 10)).Single().MessageId);
            clock.Now = clock.Now.AddHours(1);
            Assert.False(await outbox.TryDefer(id, 3, "GatewayException: 503", clock.Now.AddSeconds(30), TimeSpan.FromHours(1)));
            await outbox.MarkFailed(id, 3, "GatewayException: 503");
            Assert.Equal(("failed", 6), (outbox.Get(id)!.State, outbox.Get(id)!.Attempts));
        }
        await using var reopened = new PublicationOutbox(_dir, flushToDisk: true, clock, NullLogger<PublicationOutbox>.Instance);
        Assert.Equal(6, reopened.Get(Message(1).MessageId)!.Attempts);
    }

    [Fact]
    public async Task A_message_deferred_when_the_process_stops_goes_out_at_the_next_start()
    {
        await using (var outbox = Open())
        {
            await outbox.Enqueue([Message(1)]);
            var id = (await outbox.Take("sms", 10)).Single().MessageId;
            Assert.True(await outbox.TryDefer(id, 2, "HttpRequestException: refused", DateTimeOffset.UtcNow.AddHours(1), TimeSpan.FromHours(6)));
        }
        await using var reopened = Open();
        Assert.Equal(1, reopened.Recovered);
        Assert.Single(await reopened.Take("sms", 10));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_line_torn_by_a_crash_is_skipped_and_the_rest_is_kept()
    {
        await using (var outbox = Open()) await outbox.Enqueue([Message(1), Message(2)]);
        await File.AppendAllTextAsync(Path.Combine(_dir, "journal.jsonl"), "{\"t\":\"q\",\"at\":\"2024-");
        await using var reopened = Open();
        Assert.Equal(2, reopened.List(null).Count);
    }

    [Fact]
    public async Task Receipts_set_delivered_or_failed_and_an_unknown_message_id_is_refused()
    {
        await using var outbox = Open();
        await outbox.Enqueue([Message(1), Message(2)]);
        foreach (var m in await outbox.Take("sms", 10)) await outbox.MarkSent(m.MessageId, 1);

        Assert.True(await outbox.Receipt(Message(1).MessageId, "delivered", null));
        Assert.True(await outbox.Receipt(Message(2).MessageId, "failed", "handset off"));
        Assert.False(await outbox.Receipt("m-nobody-ever-sent-this", "delivered", null));
        Assert.Equal("delivered", outbox.Get(Message(1).MessageId)!.State);
        Assert.Equal("handset off", outbox.Get(Message(2).MessageId)!.Detail);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
