using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Warning.Publication.Authorities;

/// <summary>
/// Says at start which authorities policy is in force (<see cref="Authorities"/> loaded it; a bad file has already stopped
/// the engine: <see cref="PublicationOptions"/> validates it) and loads the file again when it changes (debounced, since
/// editors write in steps).
/// An edit with any problem is logged with its file and line and changes nothing: the policy in force stays.
/// </summary>
public sealed class AuthoritiesWatcher(Authorities authorities, IOptions<PublicationOptions> options, ILogger<AuthoritiesWatcher> log) : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private string File => options.Value.AuthoritiesPath;

    /// <summary>Problems of the last reload that was refused; empty when the file in force is the file on disk.</summary>
    public IReadOnlyList<AuthorityError> Problems { get; private set; } = [];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Use(authorities.Current, "loaded");
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Reads the file again: a valid one replaces the policy in force, one with problems is logged and ignored.</summary>
    public void Reload()
    {
        var (policy, errors) = AuthoritiesFile.Load(File, options.Value.Authorities is null);
        Problems = errors;
        if (policy is null)
        {
            foreach (var error in errors) log.LogError("Authorities file refused, the policy in force stays: {Problem}", error);
            return;
        }
        Use(policy, "reloaded");
    }

    private void Use(AuthorityPolicy policy, string how)
    {
        authorities.Use(policy);
        if (ReferenceEquals(policy, AuthorityPolicy.None))
            log.LogWarning("No approval policy ({File} is missing or empty): every orange and red warning needs one approval by any operator", Path.GetFullPath(File));
        else
            log.LogInformation("Authorities {How} from {File}: {Units} units, {Rules} rules ({Joint} joint)", how, Path.GetFullPath(File),
                policy.Units.Select(u => u.Id).Distinct().Count(), policy.Rules.Count, policy.Rules.Count(r => r.IsJoint));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(File))!;
        if (!Directory.Exists(dir)) return;
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(dir, Path.GetFileName(File))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            EnableRaisingEvents = true,
        };
        watcher.Changed += (_, _) => changed.Release();
        watcher.Created += (_, _) => changed.Release();
        watcher.Renamed += (_, _) => changed.Release();
        watcher.Deleted += (_, _) => changed.Release();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await changed.WaitAsync(stoppingToken);
                await Task.Delay(Debounce, stoppingToken);
                while (changed.CurrentCount > 0) await changed.WaitAsync(stoppingToken);
                log.LogInformation("Authorities file {File} changed; reloading", File);
                Reload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
