using System.Diagnostics;

namespace Warning.Bench;

/// <summary>
/// A child process started for a benchmark and killed with it. Its output is kept (last lines only) so a daemon that
/// refuses a configuration explains itself in the error instead of in a log nobody reads.
/// </summary>
public sealed class Daemon : IAsyncDisposable
{
    private const int KeptLines = 30;

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    public string Name { get; }

    private Daemon(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static Daemon Start(string executable, IEnumerable<string> args, string workingDirectory)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"bench: {executable} did not start");
        return new Daemon(executable, process);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it wrote, for error messages.</summary>
    public string Tail()
    {
        lock (_lastLines) return string.Join('\n', _lastLines);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing left to stop.
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines) _lastLines.Dequeue();
        }
    }
}
