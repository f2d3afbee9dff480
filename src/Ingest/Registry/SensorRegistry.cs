using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Warning.Grains.Sensors;
using Warning.Records.Sensors;

namespace Warning.Ingest.Registry;

/// <summary>
/// The sensors this engine knows: the registry file's entries, overlaid by entries put through the API (kept in the
/// records database, so they survive a restart and a reload on any silo finds them). Each entry is validated alone: a bad entry is
/// refused with its reasons and the last good version of that sensor stays in force; the rest are unaffected.
/// Every accepted entry is handed to its sensor grain. A sensor put through another silo's API is found here at its
/// first reading (looked up in the records database) and changes to such entries within <see cref="ApiRefresh"/>.
/// </summary>
public sealed class SensorRegistry(string registryFile, SensorStore apiStore, IGrainFactory grains, ILogger<SensorRegistry> log)
{
    private readonly ConcurrentDictionary<string, SensorDefinition> _sensors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonElement> _apiEntries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly ConcurrentDictionary<string, long> _misses = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<RegistryError> _problems = [];
    private long _apiSeen = long.MinValue;

    /// <summary>How often entries put through other silos' APIs are looked for.</summary>
    public static readonly TimeSpan ApiRefresh = TimeSpan.FromSeconds(5);

    /// <summary>An id found in neither the file nor the database is not asked for again for this long (a device that is not registered keeps sending).</summary>
    private static readonly TimeSpan MissFor = TimeSpan.FromSeconds(5);
    private const int MaxMisses = 100_000;

    public string RegistryFile => Path.GetFullPath(registryFile);

    /// <summary>Problems found by the last load of the registry file.</summary>
    public IReadOnlyList<RegistryError> Problems => _problems;

    public IReadOnlyCollection<SensorDefinition> All => _sensors.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    public bool TryGet(string id, out SensorDefinition definition) => _sensors.TryGetValue(id, out definition!);

    public Task LoadAsync(CancellationToken ct) => ReloadFileAsync(ct);

    /// <summary>
    /// A sensor this silo does not know may have been put through another silo's API a moment ago: asked of the records
    /// database (its grain was configured by the silo that took the entry).
    /// </summary>
    public async ValueTask<SensorDefinition?> FindAsync(string id, CancellationToken ct = default)
    {
        if (_sensors.TryGetValue(id, out var known)) return known;
        var now = Environment.TickCount64;
        if (_misses.TryGetValue(id, out var until) && now < until) return null;
        if (await apiStore.Get(id) is not { } json)
        {
            if (_misses.Count >= MaxMisses) _misses.Clear();
            _misses[id] = now + (long)MissFor.TotalMilliseconds;
            return null;
        }
        await _reload.WaitAsync(ct);
        try
        {
            return Adopt(id, json);
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>Takes the entries put through any silo's API since the last look (new ones and changes).</summary>
    public async Task RefreshApiAsync(CancellationToken ct)
    {
        await _reload.WaitAsync(ct);
        try
        {
            foreach (var (id, json, updated) in await apiStore.ChangedSince(_apiSeen))
            {
                Adopt(id, json);
                _apiSeen = Math.Max(_apiSeen, updated);
            }
        }
        finally
        {
            _reload.Release();
        }
    }

    // An entry another silo validated, stored and handed to the grain: this silo only needs to know it.
    private SensorDefinition? Adopt(string id, string json)
    {
        using var entry = JsonDocument.Parse(json);
        var (definition, _) = SensorEntryValidator.Validate(entry.RootElement, "put through the API", id);
        if (definition is null) return null;
        _apiEntries[id] = entry.RootElement.Clone();
        _sensors[id] = definition;
        _misses.TryRemove(id, out _);
        return definition;
    }

    /// <summary>Re-reads the registry file; API entries keep precedence over it.</summary>
    public async Task ReloadFileAsync(CancellationToken ct)
    {
        await _reload.WaitAsync(ct);
        try
        {
            foreach (var (id, json) in await apiStore.All())
            {
                using var entry = JsonDocument.Parse(json);
                _apiEntries[id] = entry.RootElement.Clone();
            }
            var (accepted, problems) = ReadFile();
            foreach (var (id, entry) in _apiEntries)
            {
                var (definition, errors) = SensorEntryValidator.Validate(entry, $"put through the API", id);
                if (definition is not null) accepted[id] = definition;
                else problems.AddRange(errors);
            }
            foreach (var problem in problems) log.LogError("Registry entry refused: {Problem}", problem);
            _problems = problems;
            await ApplyAsync(accepted.Values, ct);
            foreach (var gone in _sensors.Keys.Except(accepted.Keys).ToList()) _sensors.TryRemove(gone, out _);
            log.LogInformation("Registry: {Count} sensors in force, {Problems} problems ({File})", _sensors.Count, problems.Count, RegistryFile);
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary><c>PUT /api/sensors/{id}</c>: validate, keep durably, hand to the grain.</summary>
    public async Task<(SensorDefinition? Definition, IReadOnlyList<RegistryError> Errors)> PutAsync(string id, JsonElement body, CancellationToken ct)
    {
        var (definition, errors) = SensorEntryValidator.Validate(body, "put through the API", id);
        if (definition is null) return (null, errors);
        await _reload.WaitAsync(ct);
        try
        {
            await apiStore.Put(id, body.GetRawText());
            _apiEntries[id] = body.Clone();
            await ApplyAsync([definition], ct);
        }
        finally
        {
            _reload.Release();
        }
        return (definition, errors);
    }

    private (Dictionary<string, SensorDefinition> Accepted, List<RegistryError> Problems) ReadFile()
    {
        var accepted = new Dictionary<string, SensorDefinition>(StringComparer.Ordinal);
        var problems = new List<RegistryError>();
        if (!File.Exists(registryFile))
        {
            log.LogWarning("Registry file {File} does not exist; only sensors put through the API are known", RegistryFile);
            return (accepted, problems);
        }
        IReadOnlyList<(int Line, JsonElement Entry)> entries;
        try
        {
            entries = YamlJson.ReadList(File.ReadAllText(registryFile));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            problems.Add(new RegistryError(registryFile, $"line {e.Start.Line}", e.Message));
            // An unreadable file changes nothing: the sensors in force stay as they were.
            foreach (var s in _sensors.Values) accepted[s.Id] = s;
            return (accepted, problems);
        }
        var index = 0;
        foreach (var (line, entry) in entries)
        {
            index++;
            var (definition, errors) = SensorEntryValidator.Validate(entry, $"#{index} ({registryFile} line {line})");
            if (definition is null)
            {
                problems.AddRange(errors);
                var id = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("id", out var idElement) ? idElement.ToString() : null;
                if (id is not null && _sensors.TryGetValue(id, out var lastGood)) accepted[id] = lastGood;
                continue;
            }
            if (accepted.ContainsKey(definition.Id))
            {
                problems.Add(new RegistryError($"#{index} ({registryFile} line {line})", "id", $"\"{definition.Id}\" is already defined earlier in the file; the first entry is kept"));
                continue;
            }
            accepted[definition.Id] = definition;
        }
        return (accepted, problems);
    }

    private async Task ApplyAsync(IEnumerable<SensorDefinition> definitions, CancellationToken ct)
    {
        await Parallel.ForEachAsync(definitions, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (definition, _) =>
        {
            await grains.GetGrain<ISensorGrain>(definition.Id).Configure(definition);
            _sensors[definition.Id] = definition;
        });
    }
}
