using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Warning.Ingest.Registry;

/// <summary>Loads the registry at start and reloads it when the file changes (debounced, since editors write in steps).</summary>
public sealed class RegistryWatcher(SensorRegistry registry, ILogger<RegistryWatcher> log) : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await registry.LoadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var file = registry.RegistryFile;
        var dir = Path.GetDirectoryName(file)!;
        if (!Directory.Exists(dir)) return;
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(dir, Path.GetFileName(file))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            EnableRaisingEvents = true,
        };
        watcher.Changed += (_, _) => changed.Release();
        watcher.Created += (_, _) => changed.Release();
        watcher.Renamed += (_, _) => changed.Release();
        while (!stoppingToken.IsCancellationRequested)
        {
            await changed.WaitAsync(stoppingToken);
            await Task.Delay(Debounce, stoppingToken);
            while (changed.CurrentCount > 0) await changed.WaitAsync(stoppingToken);
            log.LogInformation("Registry file {File} changed; reloading", file);
            try
            {
                await registry.ReloadFileAsync(stoppingToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogError(e, "Could not reload {File}; the sensors in force stay as they were", file);
            }
        }
    }
}
