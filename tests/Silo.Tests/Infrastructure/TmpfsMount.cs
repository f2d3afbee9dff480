using System.Diagnostics;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>
/// A small tmpfs mounted on a directory, a disk that fills up for real; unmounted (lazily) on dispose. Mounting needs
/// root, as CI has: a machine where the mount fails cannot run the test, and says so by failing, not skipping.
/// </summary>
public sealed class TmpfsMount : IAsyncDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (as <c>mount -o size=</c> takes it, e.g. <c>64k</c>) on <paramref name="dir"/>, created if missing.</summary>
    public static async Task<TmpfsMount> On(string dir, string size)
    {
        Directory.CreateDirectory(dir);
        var (mounted, error) = await Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", dir);
        if (!mounted) throw new InvalidOperationException($"could not mount a {size} tmpfs on {dir} (mount needs root, as CI has): {error}");
        return new TmpfsMount(dir);
    }

    public async ValueTask DisposeAsync() => await Run("umount", "-l", Path);

    private static async Task<(bool Ok, string Error)> Run(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode == 0, $"{file} exited with {process.ExitCode}: {error.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, $"{file} could not start: {e.Message}");
        }
    }
}
