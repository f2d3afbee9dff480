using System.Text.Json;
using Warning.Publication.Outbox;

namespace Warning.Api.Audit;

/// <summary>
/// The append-only audit of privileged requests, one JSON line each in <c>{Data:Dir}/audit/audit.jsonl</c>, on disk
/// (group-committed fsync) before the request's answer is finished. Per silo: in a cluster, read every silo's.
/// </summary>
public sealed class AuditLog(string path) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly OutboxJournal _journal = new(path, flushToDisk: true);

    public string Path { get; } = path;

    public Task Record(AuditEntry entry) => _journal.Append([JsonSerializer.Serialize(entry, Json)]);

    /// <summary>The newest <paramref name="limit"/> entries matching the filters, oldest first.</summary>
    public IReadOnlyList<AuditEntry> Read(string? actor, DateTimeOffset? since, int limit)
    {
        var entries = new List<AuditEntry>();
        foreach (var line in OutboxJournal.ReadAll(Path))
        {
            AuditEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<AuditEntry>(line, Json);
            }
            catch (JsonException)
            {
                continue; // a line torn by a crash mid-write
            }
            if (entry is null || (actor is not null && entry.Actor != actor) || (since is not null && entry.At < since)) continue;
            entries.Add(entry);
        }
        return entries.Count > limit ? entries[^limit..] : entries;
    }

    public ValueTask DisposeAsync() => _journal.DisposeAsync();
}
