using Dapper;
using Warning.Records.Database;

namespace Warning.Records.Audit;

/// <summary>The append-only audit of privileged requests, shared by every silo; an entry is committed (group commit) before the request's answer is finished.</summary>
public sealed class AuditStore(RecordsDatabase db)
{
    public Task Append(DateTimeOffset at, string actor, string body) => db.Writer.Write((c, tx) =>
        c.ExecuteAsync("INSERT INTO audit (at, actor, body) VALUES (@at, @actor, @body)", new { at = RecordsJson.Ms(at), actor, body }, tx));

    /// <summary>The newest <paramref name="limit"/> entries' bodies matching the filters, oldest first.</summary>
    public Task<IReadOnlyList<string>> Read(string? actor, DateTimeOffset? since, int limit) => db.Read(async c =>
    {
        var rows = await c.QueryAsync<string>($"""
            SELECT body FROM audit WHERE 1 = 1{(actor is null ? "" : " AND actor = @actor")}{(since is null ? "" : " AND at >= @since")}
            ORDER BY seq DESC LIMIT @limit
            """, new { actor, since = RecordsJson.Ms(since), limit });
        return (IReadOnlyList<string>)rows.Reverse().ToList();
    });
}
