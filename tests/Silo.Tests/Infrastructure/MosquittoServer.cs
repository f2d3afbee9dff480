using System.Diagnostics;

using Warning.Silo.Hosting;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>A real <c>mosquitto</c> broker on a free port, for the external-broker path.</summary>
public sealed class MosquittoServer : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("warning-mosquitto-").FullName;
    private Process? _process;

    public int Port { get; } = FreePorts.Next();

    /// <param name="authDir">With <c>passwd</c> and <c>acl</c> (<c>./warning mosquitto-auth</c>): logins required; otherwise anonymous.</param>
    public static async Task<MosquittoServer> StartNew(string? authDir = null)
    {
        var server = new MosquittoServer();
        var conf = Path.Combine(server._dir, "mosquitto.conf");
        // As ./warning up configures it: mosquitto drops QoS 1 messages beyond max_queued_messages (default 1000) per session.
        File.WriteAllText(conf, $"listener {server.Port} 127.0.0.1\n{(authDir is null ? "allow_anonymous true" : $"allow_anonymous false\npassword_file {authDir}/passwd\nacl_file {authDir}/acl")}\npersistence false\nmax_inflight_messages 1000\nmax_queued_messages 1000000\n");
        server._process = Process.Start(new ProcessStartInfo("mosquitto", $"-c {conf}") { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("mosquitto did not start; is the mosquitto package installed?");
        await Eventually.Listening(server.Port, "mosquitto");
        return server;
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
