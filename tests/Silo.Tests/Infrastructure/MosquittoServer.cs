using System.Diagnostics;

using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>A real <c>mosquitto</c> broker on a free port, for the external-broker path.</summary>
public sealed class MosquittoServer : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("warning-mosquitto-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    private string ConfigFile => Path.Combine(_dir, "mosquitto.conf");

    /// <param name="authDir">With <c>passwd</c> and <c>acl</c> (<c>./warning mosquitto-auth</c>): logins required; otherwise anonymous.</param>
    /// <param name="persistent">Keep sessions and queued messages on disk across a restart, as <c>./warning up</c> and k8s do.</param>
    /// <param name="tls">A PEM certificate and key: the listener speaks TLS only.</param>
    public static async Task<MosquittoServer> StartNew(string? authDir = null, bool persistent = false, (string Cert, string Key)? tls = null)
    {
        var server = new MosquittoServer();
        // mosquitto started as root runs as its own user, which must be able to write the persistence file.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(server._dir, (UnixFileMode)0b111_111_111);
        // As ./warning up configures it: mosquitto drops QoS 1 messages beyond max_queued_messages (default 1000) per session.
        File.WriteAllText(server.ConfigFile,
            $"listener {server.Port} 127.0.0.1\n"
            + (tls is { } t ? $"certfile {t.Cert}\nkeyfile {t.Key}\n" : "")
            + (authDir is null ? "allow_anonymous true\n" : $"allow_anonymous false\npassword_file {authDir}/passwd\nacl_file {authDir}/acl\n")
            + (persistent ? $"persistence true\npersistence_location {server._dir}/\n" : "persistence false\n")
            + "max_inflight_messages 1000\nmax_queued_messages 1000000\n");
        await server.Launch();
        return server;
    }

    /// <summary>A graceful restart (SIGTERM, as systemd or a rolling update does): a persistent broker saves its sessions first.</summary>
    public async Task Restart()
    {
        await Stop();
        await Launch();
    }

    public async Task Stop()
    {
        if (_process is null) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        _process = null;
    }

    private async Task Launch()
    {
        _process = Process.Start(new ProcessStartInfo("mosquitto", $"-c {ConfigFile}") { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("mosquitto did not start; is the mosquitto package installed?");
        await Eventually.Listening(Port, "mosquitto");
        if (_process.HasExited) throw new InvalidOperationException($"mosquitto exited: {await _process.StandardError.ReadToEndAsync()}");
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
