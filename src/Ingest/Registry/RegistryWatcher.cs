using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Warning.Ingest.Registry;

/// <summary>
/// Loads the registry at start, reloads it when the file changes (debounced, since editors write in steps) and looks
/// for entries put through other silos' APIs every <see cref="SensorRegistry.ApiRefresh"/>.
/// </summary>
public sealed class RegistryWatcher(SensorRegistry registry, ILogger<RegistryWatcher> log) : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await registry.LoadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(WatchFile(stoppingToken), RefreshApiEntries(stoppingToken));

    private async Task RefreshApiEntries(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SensorRegistry.ApiRefresh);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await registry.RefreshApiAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning("Could not look for sensors put through other silos ({Error}); trying again in {Period}", e.Message, SensorRegistry.ApiRefresh);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WatchFile(CancellationToken stoppingToken)
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
