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
/// Every accepted entry is handed to its sensor grain.
/// </summary>
public sealed class SensorRegistry(string registryFile, SensorStore apiStore, IGrainFactory grains, ILogger<SensorRegistry> log)
{
    private readonly ConcurrentDictionary<string, SensorDefinition> _sensors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonElement> _apiEntries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile IReadOnlyList<RegistryError> _problems = [];

    public string RegistryFile => Path.GetFullPath(registryFile);

    /// <summary>Problems found by the last load of the registry file.</summary>
    public IReadOnlyList<RegistryError> Problems => _problems;

    public IReadOnlyCollection<SensorDefinition> All => _sensors.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    public bool TryGet(string id, out SensorDefinition definition) => _sensors.TryGetValue(id, out definition!);

    public Task LoadAsync(CancellationToken ct) => ReloadFileAsync(ct);

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
