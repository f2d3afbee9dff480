using System.Diagnostics;
using Warning.Ingest.Security;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>
/// A real RabbitMQ node (Debian's <c>rabbitmq-server</c>) with its MQTT plugin, on free ports with everything — its
/// database, logs, plugins file, config and Erlang cookie (HOME) — in a temp dir, and its own epmd port, so it
/// touches nothing of the machine's and several can run at once. Users and permissions are loaded at boot from
/// <see cref="RabbitDefinitions"/>: the engine's account and one per device, each writing only its own topics.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    public const string EngineUser = "warning-engine";
    public const string EngineSecret = "engine-secret-for-tests";
    public const string Queue = "warning-ingest";

    private readonly string _dir = Directory.CreateTempSubdirectory("warning-rabbitmq-").FullName;
    private readonly string _node = $"warning{Guid.NewGuid():N}"[..16] + "@localhost";
    private readonly int _distPort = FreePort.Next();
    private readonly int _epmdPort = FreePort.Next();
    private Process? _process;

    public int AmqpPort { get; } = FreePort.Next();

    public int MqttPort { get; } = FreePort.Next();

    /// <summary>The engine's <c>Rabbit:Url</c>.</summary>
    public string Url => $"amqp://{EngineUser}:{EngineSecret}@127.0.0.1:{AmqpPort}/";

    /// <summary>The settings that make an engine take its readings from this node.</summary>
    public string[] EngineSettings => ["--Ingest:Broker=rabbitmq", $"--Rabbit:Url={Url}", $"--Rabbit:Queue={Queue}"];

    /// <param name="devices">Sensor id and secret of every device that may log in.</param>
    public static async Task<RabbitMqServer> StartNew(IEnumerable<(string SensorId, string Secret)> devices)
    {
        var server = new RabbitMqServer();
        var definitions = Path.Combine(server._dir, "definitions.json");
        await File.WriteAllTextAsync(definitions, RabbitDefinitions.Document(EngineUser, RabbitDefinitions.Hash(EngineSecret), Queue, "amq.topic",
            devices.Select(d => (d.SensorId, RabbitDefinitions.Hash(d.Secret)))));
        await server.Launch(definitions);
        return server;
    }

    /// <summary>A node loading <paramref name="definitionsFile"/> (as <c>./warning rabbitmq-auth</c> writes it; the engine's secret must be <see cref="EngineSecret"/>).</summary>
    public static async Task<RabbitMqServer> StartNew(string definitionsFile)
    {
        var server = new RabbitMqServer();
        var definitions = Path.Combine(server._dir, "definitions.json");
        File.Copy(definitionsFile, definitions);
        await server.Launch(definitions);
        return server;
    }

    private async Task Launch(string definitions)
    {
        foreach (var sub in new[] { "mnesia", "log", "home" }) Directory.CreateDirectory(Path.Combine(_dir, sub));
        await File.WriteAllTextAsync(Path.Combine(_dir, "enabled_plugins"), "[rabbitmq_mqtt].\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{AmqpPort}
            mqtt.listeners.tcp.default = 127.0.0.1:{MqttPort}
            mqtt.allow_anonymous = false
            loopback_users = none
            load_definitions = {definitions}
            log.console = false
            log.file.level = warning

            """);
        var start = new ProcessStartInfo(Executable("rabbitmq-server")) { RedirectStandardError = true, RedirectStandardOutput = true };
        Environment(start);
        _process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmq-server did not start; is the rabbitmq-server package installed?");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // The MQTT listener opens last, once the plugin started and the definitions are loaded.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"rabbitmq-server exited with {_process.ExitCode}; its logs are in {_dir}/log");
            using var tcp = new System.Net.Sockets.TcpClient();
            try
            {
                await tcp.ConnectAsync("127.0.0.1", MqttPort);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>
    /// The scripts of <c>/usr/lib/rabbitmq/bin</c> run as the caller (those in <c>/usr/sbin</c> switch to the rabbitmq
    /// user, whose HOME and cookie are not this node's).
    /// </summary>
    private static string Executable(string name) =>
        File.Exists($"/usr/lib/rabbitmq/bin/{name}") ? $"/usr/lib/rabbitmq/bin/{name}" : name;

    private void Environment(ProcessStartInfo start)
    {
        start.Environment["HOME"] = Path.Combine(_dir, "home");   // the Erlang cookie, shared by the node and rabbitmqctl
        start.Environment["RABBITMQ_NODENAME"] = _node;
        start.Environment["RABBITMQ_NODE_PORT"] = AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_DIST_PORT"] = _distPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ERL_EPMD_PORT"] = _epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_dir, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_dir, "log");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_dir, "enabled_plugins");
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_dir, "rabbitmq.conf");
    }

    /// <summary>Runs <c>rabbitmqctl</c> against this node; its output.</summary>
    public async Task<string> Ctl(params string[] args)
    {
        var start = new ProcessStartInfo(Executable("rabbitmqctl")) { RedirectStandardError = true, RedirectStandardOutput = true };
        Environment(start);
        start.ArgumentList.Add("-q");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0) throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)}: {await error}");
        return await output;
    }

    /// <summary>Messages in the queue: ready (waiting for a consumer) and unacknowledged (in a consumer's hand).</summary>
    public async Task<(long Ready, long Unacked)> QueueDepth()
    {
        var line = (await Ctl("list_queues", "name", "messages_ready", "messages_unacknowledged", "--no-table-headers"))
            .Split('\n').Select(l => l.Split('\t', StringSplitOptions.TrimEntries)).FirstOrDefault(p => p[0] == Queue);
        return line is null ? (0, 0) : (long.Parse(line[1], System.Globalization.CultureInfo.InvariantCulture), long.Parse(line[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
            // The node started an epmd daemon on its own port; it outlives the node, so stop it too.
            var epmd = new ProcessStartInfo("epmd", ["-kill"]) { RedirectStandardError = true, RedirectStandardOutput = true };
            epmd.Environment["ERL_EPMD_PORT"] = _epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                using var kill = Process.Start(epmd);
                if (kill is not null) await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
