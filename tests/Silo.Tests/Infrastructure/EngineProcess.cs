using System.Diagnostics;

using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>
/// The engine as its own process (the built <c>Warning.Silo</c>), so a test can kill it for real — SIGKILL, no
/// graceful stop — and start it again on the same data dir.
/// </summary>
public sealed class EngineProcess : IRunningEngine, IAsyncDisposable
{
    private readonly Process _process;

    private EngineProcess(Process process, int apiPort, int mqttPort, string log)
    {
        _process = process;
        MqttPort = mqttPort;
        Log = log;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
    }

    public HttpClient Http { get; }

    public int MqttPort { get; }

    /// <summary>The process's console output, for a failing test to show.</summary>
    public string Log { get; }

    public static Task<EngineProcess> Start(string influxUrl, string dataDir, string registry, params string[] settings) =>
        Start(influxUrl, dataDir, registry, null, settings);

    public static async Task<EngineProcess> Start(string influxUrl, string dataDir, string registry, string? externalBroker, params string[] settings)
    {
        Directory.CreateDirectory(dataDir);
        var registryFile = Path.Combine(dataDir, "sensors.yaml");
        if (!File.Exists(registryFile)) await File.WriteAllTextAsync(registryFile, registry);
        int apiPort = FreePort.Next(), mqttPort = FreePort.Next();
        var log = Path.Combine(dataDir, $"engine-{DateTime.UtcNow:HHmmssfff}.log");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Warning.Silo.dll"));
        foreach (var arg in Engine.Arguments(apiPort, mqttPort, influxUrl, dataDir, registryFile, externalBroker).Concat(settings)) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var engine = new EngineProcess(process, apiPort, mqttPort, log);
        await Eventually.Until(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"engine exited with {process.ExitCode}: {await File.ReadAllTextAsync(log)}");
            try { return (await engine.Http.GetAsync("/readyz")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(60), "engine process /readyz 200");
        return engine;
    }

    public Task Publish(string sensorId, string json, int? port = null, string kind = "rain") => Telemetry.Publish(port ?? MqttPort, sensorId, json, kind);

    public async Task<List<System.Text.Json.JsonElement>> Warnings(string query = "") =>
        (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<List<System.Text.Json.JsonElement>>(Http, $"/api/warnings{query}"))!;

    /// <summary>SIGTERM, as Kubernetes stops a pod: the engine drains and exits by itself, within <paramref name="within"/>.</summary>
    public async Task Stop(TimeSpan within)
    {
        if (_process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await term!.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the engine did not exit within {within} of SIGTERM; its log: {Log}");
        }
    }

    /// <summary>SIGKILL: the process gets no chance to flush, persist or say goodbye.</summary>
    public async Task Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        _process.Dispose();
        Http.Dispose();
    }
}
