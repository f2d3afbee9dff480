using Warning.Silo.Hosting;

namespace Warning.Bench;

/// <summary>
/// The whole engine in this process for one benchmark — Orleans, ingest, rules, storage, publication and API — with its
/// own ports, data directory, registry and InfluxDB database, so no figure depends on what ran before it.
/// </summary>
public sealed class BenchEngine : IAsyncDisposable
{
    private readonly string _dir;

    private BenchEngine(WebApplication app, string dir, int mqttPort, int apiPort)
    {
        App = app;
        _dir = dir;
        MqttPort = mqttPort;
        Api = new Uri($"http://127.0.0.1:{apiPort}");
    }

    public WebApplication App { get; }

    public int MqttPort { get; }

    public Uri Api { get; }

    /// <summary>Starts an engine with <paramref name="registryYaml"/> and waits until <c>/readyz</c> answers.</summary>
    /// <param name="influxUrl">null: storage off.</param>
    /// <param name="externalBroker">host:port of mosquitto; null: the embedded broker.</param>
    public static async Task<BenchEngine> Start(string registryYaml, string? influxUrl, string? database, string? externalBroker,
        IEnumerable<string> settings, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("warning-bench-engine-").FullName;
        // Beside the data, not among it: the registry's watcher would read an event for every write to the records' log.
        var registry = Path.Combine(Directory.CreateDirectory(Path.Combine(dir, "config")).FullName, "sensors.yaml");
        await File.WriteAllTextAsync(registry, registryYaml, ct);
        var mqttPort = FreePorts.Next();
        var apiPort = FreePorts.Next();
        var args = new List<string>
        {
            $"--Api:Url=http://127.0.0.1:{apiPort}", $"--Mqtt:Port={mqttPort}", "--Mqtt:AllowAnonymous=true", "--Api:Auth:AnonymousRole=admin", "--Mqtt:PerSensorPerSecond=0", $"--Data:Dir={dir}", $"--Registry:File={registry}",
            $"--Cluster:SiloPort={FreePorts.Next()}", $"--Cluster:GatewayPort={FreePorts.Next()}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Orleans=Error",
            // Explicit either way: ./warning bench exports Mqtt__ExternalBroker for the mosquitto it starts.
            $"--Mqtt:ExternalBroker={externalBroker}", $"--Mqtt:ClientId=bench-{Guid.NewGuid():N}",
        };
        // The benches publish 2021 event times: the default raw retention (400 days) would drop them.
        args.AddRange(influxUrl is null ? ["--Influx:Enabled=false"] : [$"--Influx:Url={influxUrl}", $"--Influx:Database={database}",
            "--Influx:RawRetention=36500.00:00:00"]);
        args.AddRange(settings);
        var app = WarningHost.Build([.. args]);
        await app.StartAsync(ct);
        var engine = new BenchEngine(app, dir, mqttPort, apiPort);
        using var http = new HttpClient();
        await Until.True(async () =>
        {
            try { return (await http.GetAsync(new Uri(engine.Api, "/readyz"), ct)).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromMinutes(2), "the engine did not become ready", ct);
        return engine;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
