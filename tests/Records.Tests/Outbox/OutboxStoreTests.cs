using Warning.Publication.Outbox;
using Warning.Records.Database;
using Warning.Records.Outbox;
using Warning.Records.Tests.Database;

namespace Warning.Records.Tests.Outbox;

/// <summary>The outbox's guarantees (issue 5's, now shared by a cluster), against SQLite and PostgreSQL alike.</summary>
public sealed class OutboxStoreTests(Databases databases)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private static OutboxMessage Message(int recipient, int version = 1) =>
        new(OutboxMessage.IdOf("W1", version, "sms", $"r{recipient}"), "W1", version, ["G1-x"], "sms", $"r{recipient}", "+8613800000000", "red", ["A"], "text");

    private static Task Put(RecordsDatabase db, TimeProvider clock, params OutboxMessage[] messages) =>
        db.Writer.Write((c, tx) => OutboxStore.Insert(c, tx, OutboxStore.Rows(messages, clock.GetUtcNow())));

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_message_is_kept_once_however_often_it_is_put_and_across_a_restart(string provider)
    {
        var target = await databases.Create(provider);
        await using (var db = await target.Open())
        {
            await Put(db, TimeProvider.System, Message(1), Message(2), Message(3));
            await Put(db, TimeProvider.System, Message(2), Message(1));
        }
        await using var reopened = await target.Open();
        await Put(reopened, TimeProvider.System, Message(1), Message(2), Message(3), Message(1, version: 2));
        var outbox = new OutboxStore(reopened, TimeProvider.System, Lease);
        Assert.Equal(4, (await outbox.List("W1")).Count);
        Assert.Equal(4, (await outbox.List(null)).Count);
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_message_is_stored_without_what_its_columns_hold_and_taken_whole(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var outbox = new OutboxStore(db, TimeProvider.System, Lease);
        var repeat = Message(1) with { MessageId = OutboxMessage.IdOf("W1", 1, "sms", "r1") + "-repeat", Purpose = "repeat", Body = "body", Secret = "s" };
        var plain = Message(2);
        await Put(db, TimeProvider.System, repeat, plain);
        // A row an engine before this one stored, its whole message in the JSON.
        var old = Message(3);
        await db.Writer.Write((c, tx) => Dapper.SqlMapper.ExecuteAsync(c, """
            INSERT INTO outbox (message_id, warning_id, version, channel, recipient, state, attempts, queued, due, purpose, message)
            VALUES (@MessageId, @WarningId, @Version, @Channel, @Recipient, 'queued', 0, 0, 0, NULL, @Message)
            """, new { old.MessageId, old.WarningId, old.Version, old.Channel, old.Recipient, Message = RecordsJson.Write(old) }, tx));

        var stored = await db.Read(c => Dapper.SqlMapper.ExecuteScalarAsync<string>(c, "SELECT message FROM outbox WHERE message_id = @id", new { id = repeat.MessageId }));
        using (var json = System.Text.Json.JsonDocument.Parse(stored!))
        {
            foreach (var column in new[] { "messageId", "warningId", "channel", "recipient", "purpose" }) Assert.False(json.RootElement.TryGetProperty(column, out _), column);
            Assert.Equal("text", json.RootElement.GetProperty("text").GetString());
        }
        var taken = (await outbox.Take("sms", 10)).OrderBy(m => m.Recipient, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { repeat, plain, old }.Select(RecordsJson.Write), taken.Select(RecordsJson.Write));
        var listed = await outbox.List("W1");
        Assert.Equal(3, listed.Count);
        Assert.All(listed, r => Assert.Equal(("W1", "sms", 1), (r.WarningId, r.Channel, r.Version)));
        Assert.Equal(["r1", "r2", "r3"], listed.Select(r => r.Recipient).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task After_a_crash_what_was_queued_or_sending_goes_out_again_and_what_was_sent_does_not(string provider)
    {
        var target = await databases.Create(provider);
        await using (var db = await target.Open("silo-a"))
        {
            var outbox = new OutboxStore(db, TimeProvider.System, Lease);
            await Put(db, TimeProvider.System, Message(1), Message(2), Message(3));
            var taken = await outbox.Take("sms", 2);
            Assert.Equal(2, taken.Count);
            await outbox.MarkSent(taken[0].MessageId, 1);
            // taken[1] is "sending" when the process dies; the third is still queued.
        }
        await using var reopened = await target.Open("silo-a");
        var again = new OutboxStore(reopened, TimeProvider.System, Lease);
        Assert.Equal(1, await again.ReleaseOwnLeases());
        var resent = await again.Take("sms", 10);
        Assert.Equal(2, resent.Count);
        Assert.Single(await again.List("W1", state: "sent"));
        var sent = (await again.List("W1", state: "sent")).Single().MessageId;
        Assert.DoesNotContain(resent, m => m.MessageId == sent);
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_silo_that_dies_mid_send_leaves_its_messages_to_another_once_the_lease_runs_out(string provider)
    {
        var target = await databases.Create(provider);
        var clock = new ManualClock(DateTimeOffset.Parse("2026-07-20T08:00:00Z"));
        await using var dead = await target.Open("silo-dead");
        await using var alive = await target.Open("silo-alive");
        var deadOutbox = new OutboxStore(dead, clock, Lease);
        var aliveOutbox = new OutboxStore(alive, clock, Lease);
        await Put(dead, clock, Message(1), Message(2));
        Assert.Equal(2, (await deadOutbox.Take("sms", 10)).Count);
        Assert.Empty(await aliveOutbox.Take("sms", 10));          // leased to the other silo
        clock.Now += Lease + TimeSpan.FromSeconds(1);
        Assert.Equal(2, (await aliveOutbox.Take("sms", 10)).Count);
    }

    [Fact]
    public async Task Silos_taking_at_once_never_take_the_same_message()
    {
        var target = await databases.Create(RecordsProviders.Postgres);
        var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => target.Open($"silo-{i}")));
        await Put(silos[0], TimeProvider.System, Enumerable.Range(1, 600).Select(i => Message(i)).ToArray());
        var outboxes = silos.Select(db => new OutboxStore(db, TimeProvider.System, Lease)).ToList();
        var taken = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(outboxes.Select(async outbox =>
        {
            while ((await outbox.Take("sms", 25)) is { Count: > 0 } batch)
                foreach (var m in batch) taken.Add(m.MessageId);
        }));
        Assert.Equal(600, taken.Count);
        Assert.Equal(600, taken.Distinct().Count());
        foreach (var db in silos) await db.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task A_deferred_message_comes_back_at_its_time_adds_up_its_tries_and_is_refused_once_too_old(string provider)
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-07-20T08:00:00Z"));
        var target = await databases.Create(provider);
        await using var db = await target.Open();
        var outbox = new OutboxStore(db, clock, Lease);
        await Put(db, clock, Message(1));
        var id = (await outbox.Take("sms", 10)).Single().MessageId;
        Assert.True(await outbox.TryDefer(id, 3, "GatewayException: 503", clock.Now.AddSeconds(30), TimeSpan.FromHours(1)));
        Assert.Equal("queued", (await outbox.List("W1")).Single().State);
        Assert.Empty(await outbox.Take("sms", 10));                   // not before its time
        clock.Now = clock.Now.AddSeconds(31);
        Assert.Equal(id, (await outbox.Take("sms", 10)).Single().MessageId);
        clock.Now = clock.Now.AddHours(1);
        Assert.False(await outbox.TryDefer(id, 3, "GatewayException: 503", clock.Now.AddSeconds(30), TimeSpan.FromHours(1)));
        await outbox.MarkFailed(id, 3, "GatewayException: 503");
        var record = (await outbox.List("W1")).Single();
        Assert.Equal(("failed", 6), (record.State, record.Attempts));
    }

    [Theory]
    [MemberData(nameof(Databases.Providers), MemberType = typeof(Databases))]
    public async Task Receipts_set_delivered_or_failed_delivered_stays_and_an_unknown_message_id_is_refused(string provider)
    {
        await using var db = await (await databases.Create(provider)).Open();
        var outbox = new OutboxStore(db, TimeProvider.System, Lease);
        await Put(db, TimeProvider.System, Message(1), Message(2));
        foreach (var m in await outbox.Take("sms", 10)) await outbox.MarkSent(m.MessageId, 1);

        Assert.Equal("delivered", (await outbox.Receipt(Message(1).MessageId, "delivered", null))!.State);
        Assert.Equal("handset off", (await outbox.Receipt(Message(2).MessageId, "failed", "handset off"))!.Detail);
        Assert.Null(await outbox.Receipt("m-nobody-ever-sent-this", "delivered", null));
        Assert.Equal("delivered", (await outbox.Receipt(Message(1).MessageId, "failed", "late"))!.State);
        await outbox.MarkSent(Message(1).MessageId, 1);                 // a resend's outcome after the receipt
        Assert.Equal("delivered", (await outbox.List("W1")).Single(r => r.MessageId == Message(1).MessageId).State);
    }
}
