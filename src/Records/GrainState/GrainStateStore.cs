using Dapper;
using Warning.Records.Database;

namespace Warning.Records.GrainState;

/// <summary>
/// Grain state rows with a version each: a write names the version it read, and finds it changed only if another
/// activation wrote in between (false then: the caller's copy is stale).
/// </summary>
public sealed class GrainStateStore(RecordsDatabase db)
{
    public Task<(long Version, string Body)?> Read(string stateName, string grainId) => db.Read(async c =>
        (await c.QueryAsync<(long Version, string Body)>("SELECT version, body FROM grain_state WHERE state_name = @stateName AND grain_id = @grainId",
            new { stateName, grainId })).Cast<(long, string)?>().SingleOrDefault());

    /// <summary>Writes version <paramref name="read"/> + 1 (1 for a new row); false when the row is not at <paramref name="read"/>.</summary>
    public Task<bool> Write(string stateName, string grainId, long? read, string body) => db.Writer.Write(async (c, tx) =>
    {
        var written = read is { } version
            ? await c.Run("UPDATE grain_state SET version = version + 1, body = @body WHERE state_name = @stateName AND grain_id = @grainId AND version = @version",
                new { stateName, grainId, version, body }, tx)
            : await c.Run("INSERT INTO grain_state (state_name, grain_id, version, body) VALUES (@stateName, @grainId, 1, @body) ON CONFLICT DO NOTHING",
                new { stateName, grainId, body }, tx);
        return written == 1;
    });

    public Task Clear(string stateName, string grainId) => db.Writer.Write((c, tx) =>
        c.ExecuteAsync("DELETE FROM grain_state WHERE state_name = @stateName AND grain_id = @grainId", new { stateName, grainId }, tx));
}
