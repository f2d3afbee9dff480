using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using Warning.Silo.Hosting;

using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>
/// The whole engine in this process, as <c>./warning up</c> runs it (silo, broker or external subscriber, storage,
/// API), on free ports, with its own data dir and registry file.
/// </summary>
public sealed class Engine : IRunningEngine, IAsyncDisposable
{
    public const string GaugeId = "TEST-RAIN-01";

    public const string DefaultRegistry = """
        - id: TEST-RAIN-01
          kind: rain
          name: 测试雨量站
          region: "620522"
          lat: 34.86
          lon: 105.67
          areas: ["620522100201"]
          ruleset: cma-rainstorm
        - id: TEST-RAIN-02
          kind: rain
          name: second gauge
          region: "341322"
          ruleset: cma-rainstorm
        """;

    private WebApplication? _app;

    private readonly IReadOnlyList<string> _settings;

    private readonly bool _productionDefaults;

    private Engine(string dataDir, string influxUrl, string? externalBroker, string registry, IReadOnlyList<string> settings, bool productionDefaults = false)
    {
        _settings = settings;
        _productionDefaults = productionDefaults;
        DataDir = dataDir;
        InfluxUrl = influxUrl;
        ExternalBroker = externalBroker;
        Directory.CreateDirectory(dataDir);
        RegistryFile = Path.Combine(dataDir, "sensors.yaml");
        if (!File.Exists(RegistryFile)) File.WriteAllText(RegistryFile, registry);
    }

    public string DataDir { get; }

    public string InfluxUrl { get; }

    public string? ExternalBroker { get; }

    public string RegistryFile { get; }

    public int ApiPort { get; } = FreePort.Next();

    public int MqttPort { get; } = FreePort.Next();

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The running host's services (its endpoints, for the API description test).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the engine is not running");

    /// <param name="settings">Extra configuration as <c>--Key=value</c>.</param>
    public static async Task<Engine> Start(string influxUrl, string? dataDir = null, string? externalBroker = null, string registry = DefaultRegistry, params string[] settings)
    {
        var engine = new Engine(dataDir ?? Directory.CreateTempSubdirectory("warning-engine-").FullName, influxUrl, externalBroker, registry, settings);
        await engine.StartHost();
        return engine;
    }

    /// <summary>
    /// As production runs it: anonymous API and MQTT access off and the per-sensor rate limits on (the options'
    /// own defaults; <see cref="Arguments"/> otherwise opens them for the tests).
    /// </summary>
    public static async Task<Engine> StartWithProductionDefaults(string influxUrl, string registry, params string[] settings)
    {
        var engine = new Engine(Directory.CreateTempSubdirectory("warning-engine-").FullName, influxUrl, null, registry, settings, productionDefaults: true);
        await engine.StartHost();
        return engine;
    }

    private async Task StartHost()
    {
        var args = Arguments(ApiPort, MqttPort, InfluxUrl, DataDir, RegistryFile, ExternalBroker, _productionDefaults);
        _app = WarningHost.Build([.. args, .. _settings]);
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ApiPort}") };
        await Eventually.Until(async () => (await Http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "/readyz 200");
    }

    /// <summary>The command line of an engine on the given ports, data dir and registry, quiet but for warnings.</summary>
    /// <param name="productionDefaults">Leave anonymous access and the rate limits at the options' defaults (off, on).</param>
    public static List<string> Arguments(int apiPort, int mqttPort, string influxUrl, string dataDir, string registryFile, string? externalBroker = null, bool productionDefaults = false)
    {
        var args = new List<string>
        {
            $"--Api:Url=http://127.0.0.1:{apiPort}",
            $"--Mqtt:Port={mqttPort}",
        };
        if (!productionDefaults)
        {
            args.AddRange(
            [
                "--Mqtt:AllowAnonymous=true", // the security tests turn it off (later settings win)
                "--Api:Auth:AnonymousRole=admin", // likewise
                "--Mqtt:PerSensorPerSecond=0", // tests compress hours of readings into seconds; MqttSecurityTests turns it on
            ]);
        }
        args.AddRange(
        [
            $"--Influx:Url={influxUrl}",
            "--Influx:FlushInterval=00:00:00.200",
            "--Influx:RawRetention=36500.00:00:00", // the tests publish 2021 event times: the default 400 days would drop them
            $"--Data:Dir={dataDir}",
            $"--Registry:File={registryFile}",
            $"--Cluster:SiloPort={FreePort.Next()}",
            $"--Cluster:GatewayPort={FreePort.Next()}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        args.AddRange(TestRecords.SettingsFor(dataDir));
        if (externalBroker is not null)
        {
            args.Add($"--Mqtt:ExternalBroker={externalBroker}");
            args.Add($"--Mqtt:ClientId=warning-test-{Guid.NewGuid():N}");
        }
        return args;
    }

    /// <summary>Publishes one telemetry message with an MQTT 5 client, QoS 1, to the broker the engine takes from.</summary>
    public Task Publish(string sensorId, string json, int? port = null, string kind = "rain") => Telemetry.Publish(port ?? MqttPort, sensorId, json, kind);

    public static string Reading(string ts, long seq, double mm) =>
        $$$"""{"ts":"{{{ts}}}","seq":{{{seq}}},"values":{"rain_mm":{{{mm.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}}""";

    public async Task<List<JsonElement>> Warnings(string query = "") =>
        (await Http.GetFromJsonAsync<List<JsonElement>>($"/api/warnings{query}"))!;

    public async Task<string> Metrics() => await Http.GetStringAsync("/metrics");

    /// <summary>Graceful stop, as Ctrl-C does: grains deactivate and persist, the writer flushes.</summary>
    public async Task Stop()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
        Http.Dispose();
    }

    /// <summary>As if the process died: no graceful stop, so grains persist nothing more.</summary>
    public async Task Crash()
    {
        if (_app is null) return;
        await _app.DisposeAsync();
        _app = null;
        Http.Dispose();
    }

    public async ValueTask DisposeAsync() => await Stop();
}
