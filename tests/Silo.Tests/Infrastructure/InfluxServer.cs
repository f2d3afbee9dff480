using System.Diagnostics;
using System.Text.Json;

using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>A real <c>influxd</c> (Debian's influxdb 1.x) on a free port with its data in a temp dir; can be stopped and restarted.</summary>
public sealed class InfluxServer : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("warning-influx-").FullName;
    private readonly HttpClient _http = new();
    private Process? _process;

    public InfluxServer()
    {
        Port = FreePort.Next();
        var rpc = FreePort.Next();
        File.WriteAllText(ConfigPath, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{rpc}"
            [meta]
              dir = "{_dir}/meta"
            [data]
              dir = "{_dir}/data"
              wal-dir = "{_dir}/wal"
              query-log-enabled = false
            [http]
              bind-address = "127.0.0.1:{Port}"
              log-enabled = false
            [monitor]
              store-enabled = false
            """);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    private string ConfigPath => Path.Combine(_dir, "influxdb.conf");

    public static async Task<InfluxServer> StartNew()
    {
        var server = new InfluxServer();
        await server.Start();
        return server;
    }

    public async Task Start()
    {
        _process = Process.Start(new ProcessStartInfo("influxd", $"-config {ConfigPath}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("influxd did not start; is the influxdb package installed?");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.Until(async () => (await _http.GetAsync($"{Url}/ping")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), $"influxd answering on {Url}");
    }

    /// <summary>Kills the server (an outage), keeping its data.</summary>
    public async Task Stop()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Values of <paramref name="influxQl"/>'s first series, rows of columns.</summary>
    public async Task<List<JsonElement>> Query(string influxQl, string database = "warning")
    {
        var url = $"{Url}/query?db={database}&epoch=ms&q={Uri.EscapeDataString(influxQl)}";
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(url));
        var result = doc.RootElement.GetProperty("results")[0];
        if (result.TryGetProperty("error", out var error)) throw new InvalidOperationException(error.GetString());
        if (!result.TryGetProperty("series", out var series)) return [];
        return series.EnumerateArray().SelectMany(s => s.GetProperty("values").EnumerateArray()).Select(v => v.Clone()).ToList();
    }

    /// <summary>Points of <paramref name="measurement"/> with <paramref name="field"/>, of one sensor or of all.</summary>
    public async Task<long> Count(string measurement, string field, string? sensor = null)
    {
        var where = sensor is null ? "" : $" WHERE \"sensor\" = '{sensor}'";
        var rows = await Query($"SELECT count(\"{field}\") FROM \"{measurement}\"{where}");
        return rows.Count == 0 ? 0 : rows[0][1].GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        _http.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
