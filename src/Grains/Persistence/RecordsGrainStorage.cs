using System.Globalization;
using System.Text.Json;
using Orleans.Storage;
using Warning.Records.GrainState;

namespace Warning.Grains.Persistence;

/// <summary>
/// Grain state of a single engine as JSON rows of the records database (<see cref="GrainStateStore"/>): a write joins
/// the group commit of everything else, so a storm's thousands of sensor state writes cost a few syncs rather than a
/// file and an fsync each. The ETag is the row's version; a write over another activation's raises
/// <see cref="InconsistentStateException"/>, as the Redis store does in a cluster.
/// </summary>
public sealed class RecordsGrainStorage(GrainStateStore store) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (await store.Read(stateName, grainId.ToString()) is not { } row)
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }
        if (JsonSerializer.Deserialize<T>(row.Body, GrainStateJson.Options) is { } state) grainState.State = state;
        grainState.RecordExists = true;
        grainState.ETag = row.Version.ToString(CultureInfo.InvariantCulture);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var read = grainState.ETag is { } etag ? long.Parse(etag, CultureInfo.InvariantCulture) : (long?)null;
        var body = JsonSerializer.Serialize(grainState.State, GrainStateJson.Options);
        if (!await store.Write(stateName, grainId.ToString(), read, body))
            throw new InconsistentStateException($"{stateName} of {grainId} changed since this activation read it (version {grainState.ETag ?? "none"})", grainState.ETag, (string?)null);
        grainState.RecordExists = true;
        grainState.ETag = ((read ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await store.Clear(stateName, grainId.ToString());
        grainState.RecordExists = false;
        grainState.ETag = null;
    }
}
