using Warning.Records.Audit;
using Warning.Records.Database;

namespace Warning.Api.Audit;

/// <summary>
/// The audit of privileged requests, kept in the records database (the <c>audit</c> table), so every silo of a cluster
/// writes to and reads the same one; an entry is committed before the request's answer is finished.
/// </summary>
public sealed class AuditLog(AuditStore store)
{
    public Task Record(AuditEntry entry) => store.Append(entry.At, entry.Actor, RecordsJson.Write(entry));

    /// <summary>The newest <paramref name="limit"/> entries matching the filters, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> Read(string? actor, DateTimeOffset? since, int limit) =>
        (await store.Read(actor, since, limit)).Select(RecordsJson.Read<AuditEntry>).ToList();
}
