using System.Diagnostics;

using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free port with its data in a temp dir, append-only with <c>appendfsync always</c>
/// (as <c>./warning up --silos</c> runs it): an acknowledged write survives a crash.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("warning-redis-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartNew()
    {
        var server = new RedisServer();
        await server.Start();
        return server;
    }

    public async Task Start()
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--port", $"{Port}", "--bind", "127.0.0.1", "--dir", _dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "" })
            start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start; is the redis-server package installed?");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.Listening(Port, "redis");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
