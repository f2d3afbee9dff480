using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Warning.Tests.Shared;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c> package) on a free loopback port with its cluster in a temp dir,
/// <c>fsync=on</c>: an acknowledged commit survives <see cref="Kill"/>. Trust authentication on 127.0.0.1, superuser
/// <c>postgres</c>, a database <c>warning</c> (<see cref="ConnectionString"/>) and more with <see cref="CreateDatabase"/>, so
/// many tests can share one server with a database each. initdb and postgres refuse to run as root: as root (CI) they
/// run as the <c>postgres</c> OS user through <c>runuser</c>, otherwise as the current user.
/// BCL only: this file is compiled into every test project (tests/Directory.Build.props).
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _binDir = FindBinDir();   // first: no temp dir left behind when PostgreSQL is missing
    private readonly string _dir = Directory.CreateTempSubdirectory("warning-postgres-").FullName;
    private readonly bool _asPostgresUser = Environment.UserName == "root";
    private readonly Queue<string> _log = new();
    private Process? _process;

    private PostgresServer() => Port = FreePort.Next();

    /// <summary>The TCP port on 127.0.0.1; the same across <see cref="Stop"/> and <see cref="Start"/>.</summary>
    public int Port { get; private set; }

    private string DataDir => Path.Combine(_dir, "data");

    /// <summary>Npgsql connection string of the <c>warning</c> database.</summary>
    public string ConnectionString => ConnectionStringFor("warning");

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Pooling=true;Maximum Pool Size=50";

    /// <summary>The postmaster's PID while it runs (from <c>postmaster.pid</c>: under runuser it is not our child).</summary>
    public int? Pid
    {
        get
        {
            try { return int.TryParse(File.ReadLines(Path.Combine(DataDir, "postmaster.pid")).FirstOrDefault(), out var pid) ? pid : null; }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }
    }

    /// <summary>The server's last lines of log, for a failing test's message.</summary>
    public string LogTail
    {
        get { lock (_log) return string.Join('\n', _log); }
    }

    /// <summary>initdb into a fresh temp dir, start, wait until it accepts connections, create database <c>warning</c>.</summary>
    public static async Task<PostgresServer> StartNew()
    {
        var server = new PostgresServer();
        try
        {
            await server.InitDb();
            await server.Start(firstStart: true);
            await server.CreateDatabase("warning");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates another database on this server and returns its Npgsql connection string.</summary>
    public async Task<string> CreateDatabase(string name)
    {
        if (!DatabaseName().IsMatch(name)) throw new ArgumentException($"'{name}' is not a plain database name ([A-Za-z_][A-Za-z0-9_]*)", nameof(name));
        var (code, output) = await Run(Bin("createdb"), asPostgres: false, "-h", "127.0.0.1", "-p", $"{Port}", "-U", "postgres", name);
        if (code != 0) throw new InvalidOperationException($"createdb {name} failed ({code}): {output}");
        return ConnectionStringFor(name);
    }

    /// <summary>(Re)starts the server on the same data dir and port; returns once <c>pg_isready</c> says it accepts connections.</summary>
    public Task Start() => Start(firstStart: false);

    /// <summary>A fast shutdown (SIGINT: open sessions are ended, the checkpoint is written), waited for.</summary>
    public async Task Stop()
    {
        if (_process is null) return;
        if (!_process.HasExited && Pid is { } pid) await Signal(pid, "INT");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { await Kill(); return; }
        ForgetProcess();
    }

    /// <summary>SIGKILL to the postmaster, as a crash; its backends notice and exit by themselves.</summary>
    public async Task Kill()
    {
        if (_process is null) return;
        // Only while our process runs: a killed postmaster leaves its postmaster.pid behind, and its PID may be reused.
        if (!_process.HasExited && Pid is { } pid)
        {
            try { using var p = Process.GetProcessById(pid); p.Kill(); }
            catch (ArgumentException) { }            // already gone
            catch (InvalidOperationException) { }
        }
        if (!_asPostgresUser) { try { _process.Kill(entireProcessTree: false); } catch (InvalidOperationException) { } }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }
        ForgetProcess();
    }

    public async ValueTask DisposeAsync()
    {
        try { await Stop(); }
        catch (Exception) { await Kill(); }
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private async Task InitDb()
    {
        if (_asPostgresUser)
        {
            var (code, output) = await Run("chown", asPostgres: false, "postgres:postgres", _dir);
            if (code != 0) throw new InvalidOperationException($"chown postgres {_dir} failed ({code}): {output}; is there a postgres user (package postgresql)?");
        }
        var (rc, log) = await Run(Bin("initdb"), asPostgres: _asPostgresUser,
            "-D", DataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions");
        if (rc != 0) throw new InvalidOperationException($"initdb failed ({rc}): {log}");
    }

    private async Task Start(bool firstStart)
    {
        if (_process is not null) throw new InvalidOperationException("postgres is already running");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            Launch();
            var ready = await WaitReady(deadline);
            if (ready) return;
            var log = LogTail;
            await Kill();
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"postgres on 127.0.0.1:{Port} did not accept connections within {StartTimeout.TotalSeconds} s; log:\n{log}");
            // A port taken since it was chosen (first start only: a restart keeps its port), or the backends of a killed
            // postmaster still holding its shared memory: try again shortly.
            if (firstStart && log.Contains("could not bind", StringComparison.Ordinal)) Port = FreePort.Next();
            await Task.Delay(200);
        }
    }

    private void Launch()
    {
        lock (_log) _log.Clear();
        var args = new[]
        {
            "-D", DataDir, "-p", $"{Port}", "-k", _dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=on",
            "-c", "shared_buffers=64MB", "-c", "max_connections=200",
        };
        var start = StartInfo(Bin("postgres"), _asPostgresUser, args);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Bin("postgres")} did not start; is the postgresql package installed?");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Until the port accepts TCP and pg_isready says yes; false when postgres exited or the deadline passed.</summary>
    private async Task<bool> WaitReady(DateTime deadline)
    {
        while (DateTime.UtcNow < deadline)
        {
            if (_process is null || _process.HasExited) return false;
            if (await Listening() && (await Run(Bin("pg_isready"), asPostgres: false, "-q", "-h", "127.0.0.1", "-p", $"{Port}", "-U", "postgres")).Code == 0)
                return true;
            await Task.Delay(100);
        }
        return false;
    }

    private async Task<bool> Listening()
    {
        using var tcp = new TcpClient();
        try { await tcp.ConnectAsync(IPAddress.Loopback, Port); return true; }
        catch (SocketException) { return false; }
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > 200) _log.Dequeue();
        }
    }

    private void ForgetProcess()
    {
        _process?.Dispose();
        _process = null;
    }

    private ProcessStartInfo StartInfo(string file, bool asPostgres, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The caller's folder may be closed to the postgres user (e.g. under /root).
            WorkingDirectory = _dir,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        // The caller's libpq settings must not steer these commands elsewhere.
        foreach (var name in new[] { "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGDATA", "PGPASSWORD", "PGSERVICE", "PGOPTIONS" })
            start.Environment.Remove(name);
        return start;
    }

    private async Task<(int Code, string Output)> Run(string file, bool asPostgres, params string[] args)
    {
        using var process = Process.Start(StartInfo(file, asPostgres, args)) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within 120 s");
        }
        return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }

    private async Task Signal(int pid, string signal)
    {
        var (code, output) = await Run("kill", asPostgres: false, $"-{signal}", $"{pid}");
        if (code != 0 && !output.Contains("No such process", StringComparison.Ordinal))
            throw new InvalidOperationException($"kill -{signal} {pid} failed ({code}): {output}");
    }

    private string Bin(string name) => Path.Combine(_binDir, name);

    /// <summary>The newest <c>/usr/lib/postgresql/N/bin</c> (Debian keeps the server off PATH), else a PATH with initdb.</summary>
    private static string FindBinDir()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1, Bin: Path.Combine(d, "bin")))
                .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Bin, "initdb")) && File.Exists(Path.Combine(d.Bin, "postgres")))
                .OrderByDescending(d => d.Version).Select(d => d.Bin).FirstOrDefault()
            : null;
        if (debian is not null) return debian;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")) && File.Exists(Path.Combine(d, "pg_isready")));
        return onPath ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, postgres) not found in /usr/lib/postgresql/*/bin or on PATH: install the postgresql package (apt-get install -y postgresql)");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
