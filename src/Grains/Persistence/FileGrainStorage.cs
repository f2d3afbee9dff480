using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace Warning.Grains.Persistence;

/// <summary>
/// Grain state as one JSON file per grain under <c>{Data:Dir}/grains/{state}/</c>, replaced atomically
/// (write, flush to disk, rename), so the single-process default survives a restart or a crash without
/// any server. JSON keeps the state readable by an operator and lets the pure rule types persist as they are.
/// A cluster uses Redis instead (issue 8); Orleans guarantees one activation per grain, so there is no
/// concurrent writer to guard against here. Replays, whose state is thrown away, skip the flush to disk.
/// </summary>
public sealed class FileGrainStorage(string root, bool flushToDisk = true) : IGrainStorage
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.RecordExists = false;
            return;
        }
        await using var stream = File.OpenRead(path);
        var state = await JsonSerializer.DeserializeAsync<T>(stream, Json);
        if (state is not null) grainState.State = state;
        grainState.RecordExists = true;
        grainState.ETag = File.GetLastWriteTimeUtc(path).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        await using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 14, useAsync: true))
        {
            await JsonSerializer.SerializeAsync(stream, grainState.State, Json);
            await stream.FlushAsync();
            if (flushToDisk) stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        grainState.RecordExists = true;
        grainState.ETag = File.GetLastWriteTimeUtc(path).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.RecordExists = false;
        grainState.ETag = null;
        return Task.CompletedTask;
    }

    private string PathOf(string stateName, GrainId grainId) =>
        Path.Combine(root, Uri.EscapeDataString(stateName), Uri.EscapeDataString(grainId.ToString()) + ".json");
}
