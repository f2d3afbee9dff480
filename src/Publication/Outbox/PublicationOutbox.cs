using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Warning.Publication.Outbox;

/// <summary>
/// The durable outbox of every message to every recipient. A message is journaled before it counts as queued,
/// marked <c>sending</c> on disk before it goes out, and its outcome journaled after; on a restart what was queued
/// or sending goes out again under the same message id (so a gateway can drop the repeat), and nothing sent is
/// queued twice: a (warning version, channel, recipient) is kept once however often it is enqueued.
/// </summary>
public sealed class PublicationOutbox : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _lock = new();
    private readonly Dictionary<string, OutboxEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<OutboxEntry>> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);
    private readonly List<OutboxEntry> _deferred = [];
    private readonly OutboxJournal _journal;
    private readonly TimeProvider _time;

    public PublicationOutbox(string dir, bool flushToDisk, TimeProvider time, ILogger<PublicationOutbox> logger)
    {
        _time = time;
        var path = System.IO.Path.Combine(dir, "journal.jsonl");
        var (events, torn) = Load(path);
        if (torn > 0) logger.LogWarning("Outbox journal {Path}: skipped {Torn} unreadable line(s), as left by a crash mid-write", path, torn);
        foreach (var (_, entry) in _entries.Where(e => e.Value.State is PublicationStates.Queued or PublicationStates.Sending))
        {
            entry.State = PublicationStates.Queued;
            QueueOf(entry.Message.Channel).Enqueue(entry);
        }
        Recovered = _entries.Values.Count(e => e.State == PublicationStates.Queued);
        logger.LogInformation("Outbox: {Events} journal events, {Messages} messages, {Requeued} to send", events, _entries.Count, Recovered);
        _journal = new OutboxJournal(path, flushToDisk);
    }

    /// <summary>Messages found queued or mid-send at start, sent again.</summary>
    public int Recovered { get; }

    /// <summary>Journals and queues the messages not already known; returns how many were new.</summary>
    public async Task<int> Enqueue(IReadOnlyList<OutboxMessage> messages)
    {
        List<OutboxMessage> fresh;
        lock (_lock) fresh = messages.Where(m => !_entries.ContainsKey(m.MessageId)).DistinctBy(m => m.MessageId).ToList();
        if (fresh.Count == 0) return 0;
        var now = _time.GetUtcNow();
        await _journal.Append(fresh.Select(m => Line(new JournalEvent("q", now, M: m))).ToList());
        var added = 0;
        lock (_lock)
        {
            foreach (var message in fresh.Where(m => !_entries.ContainsKey(m.MessageId)))
            {
                var entry = new OutboxEntry(message, now);
                _entries[message.MessageId] = entry;
                QueueOf(message.Channel).Enqueue(entry);
                added++;
            }
        }
        foreach (var channel in fresh.Select(m => m.Channel).Distinct()) SignalOf(channel).Release();
        return added;
    }

    /// <summary>Takes up to <paramref name="max"/> queued messages of a channel and marks them sending on disk.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> Take(string channel, int max)
    {
        var taken = new List<OutboxEntry>();
        lock (_lock)
        {
            var queue = QueueOf(channel);
            var clock = _time.GetUtcNow();
            foreach (var due in _deferred.Where(e => e.Message.Channel == channel && e.RetryAt <= clock).ToList())
            {
                _deferred.Remove(due);
                queue.Enqueue(due);
            }
            while (taken.Count < max && queue.TryDequeue(out var entry))
            {
                if (entry.State != PublicationStates.Queued) continue;
                entry.State = PublicationStates.Sending;
                taken.Add(entry);
            }
        }
        var now = _time.GetUtcNow();
        await _journal.Append(taken.Select(e => Line(new JournalEvent("s", now, Id: e.Message.MessageId))).ToList());
        return taken.Select(e => e.Message).ToList();
    }

    /// <summary>Waits until a channel may have work.</summary>
    public Task WaitForWork(string channel, TimeSpan timeout, CancellationToken ct) => SignalOf(channel).WaitAsync(timeout, ct);

    public Task MarkSent(string messageId, int attempts) => Finish(messageId, "ok", PublicationStates.Sent, attempts, null);

    public Task MarkFailed(string messageId, int attempts, string detail) => Finish(messageId, "f", PublicationStates.Failed, attempts, detail);

    /// <summary>
    /// Puts a message whose round of tries failed for a passing reason back in the queue for <paramref name="retryAt"/>,
    /// unless it was queued more than <paramref name="retryFor"/> ago; false then, and the caller records it failed.
    /// </summary>
    public async Task<bool> TryDefer(string messageId, int attempts, string detail, DateTimeOffset retryAt, TimeSpan retryFor)
    {
        OutboxEntry? entry;
        lock (_lock) _entries.TryGetValue(messageId, out entry);
        if (entry is null || _time.GetUtcNow() - entry.Queued >= retryFor) return false;
        await _journal.Append([Line(new JournalEvent("d", _time.GetUtcNow(), Id: messageId, A: attempts, D: detail))]);
        lock (_lock)
        {
            Apply(entry, PublicationStates.Queued, _time.GetUtcNow(), attempts, $"retrying at {retryAt:O} after {detail}");
            entry.RetryAt = retryAt;
            _deferred.Add(entry);
        }
        return true;
    }

    /// <summary>A gateway's receipt; false for a message id the outbox never had.</summary>
    public async Task<bool> Receipt(string messageId, string state, string? detail)
    {
        OutboxEntry? entry;
        lock (_lock) _entries.TryGetValue(messageId, out entry);
        if (entry is null) return false;
        var now = _time.GetUtcNow();
        await _journal.Append([Line(new JournalEvent("r", now, Id: messageId, S: state, D: detail))]);
        lock (_lock) Apply(entry, state == PublicationStates.Delivered ? PublicationStates.Delivered : PublicationStates.Failed, now, null, detail);
        return true;
    }

    /// <summary>Records for a public warning, or for the sensor warnings its versions speak for; all when null.</summary>
    public IReadOnlyList<PublicationRecord> List(string? warningId)
    {
        lock (_lock)
        {
            return _entries.Values
                .Where(e => warningId is null || e.Message.WarningId == warningId || e.Message.Sources.Contains(warningId))
                .OrderBy(e => e.Message.WarningId, StringComparer.Ordinal).ThenBy(e => e.Message.Version).ThenBy(e => e.Message.Channel, StringComparer.Ordinal)
                .ThenBy(e => e.Message.Recipient, StringComparer.Ordinal)
                .Select(e => e.ToRecord())
                .ToList();
        }
    }

    public PublicationRecord? Get(string messageId)
    {
        lock (_lock) return _entries.GetValueOrDefault(messageId)?.ToRecord();
    }

    private async Task Finish(string messageId, string type, string state, int attempts, string? detail)
    {
        var now = _time.GetUtcNow();
        await _journal.Append([Line(new JournalEvent(type, now, Id: messageId, A: attempts, D: detail))]);
        lock (_lock)
        {
            if (_entries.TryGetValue(messageId, out var entry)) Apply(entry, state, now, attempts, detail);
        }
    }

    private static void Apply(OutboxEntry entry, string state, DateTimeOffset at, int? attempts, string? detail)
    {
        // A receipt can overtake the journaled send; delivered is final whatever comes after it.
        if (entry.State == PublicationStates.Delivered) return;
        entry.State = state;
        if (attempts is { } a) entry.Attempts += a;   // per round of tries: a deferred message adds up its rounds
        switch (state)
        {
            case PublicationStates.Sent: entry.Sent = at; break;
            case PublicationStates.Delivered: entry.Delivered = at; entry.Detail = detail; break;
            case PublicationStates.Failed: entry.Failed = at; entry.Detail = detail; break;
            case PublicationStates.Queued: entry.Detail = detail; break;
        }
    }

    private (int Events, int Torn) Load(string path)
    {
        var events = 0;
        var torn = 0;
        foreach (var line in OutboxJournal.ReadAll(path))
        {
            JournalEvent? e;
            try { e = JsonSerializer.Deserialize<JournalEvent>(line, Json); }
            catch (JsonException) { torn++; continue; }
            if (e is null) { torn++; continue; }
            events++;
            if (e.T == "q" && e.M is { } m)
            {
                _entries.TryAdd(m.MessageId, new OutboxEntry(m, e.At));
                continue;
            }
            if (e.Id is null || !_entries.TryGetValue(e.Id, out var entry)) continue;
            switch (e.T)
            {
                case "s": entry.State = PublicationStates.Sending; break;
                case "ok": Apply(entry, PublicationStates.Sent, e.At, e.A, null); break;
                case "f": Apply(entry, PublicationStates.Failed, e.At, e.A, e.D); break;
                case "d": Apply(entry, PublicationStates.Queued, e.At, e.A, e.D); break;   // sent again at start
                case "r": Apply(entry, e.S == PublicationStates.Delivered ? PublicationStates.Delivered : PublicationStates.Failed, e.At, null, e.D); break;
            }
        }
        return (events, torn);
    }

    private Queue<OutboxEntry> QueueOf(string channel)
    {
        if (!_queues.TryGetValue(channel, out var queue)) _queues[channel] = queue = new Queue<OutboxEntry>();
        return queue;
    }

    private SemaphoreSlim SignalOf(string channel)
    {
        lock (_lock)
        {
            if (!_signals.TryGetValue(channel, out var signal)) _signals[channel] = signal = new SemaphoreSlim(0);
            return signal;
        }
    }

    private static string Line(JournalEvent e) => JsonSerializer.Serialize(e, Json);

    public ValueTask DisposeAsync() => _journal.DisposeAsync();
}
