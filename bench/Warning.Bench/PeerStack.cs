using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Warning.Silo.Hosting;

namespace Warning.Bench;

/// <summary>
/// mosquitto → prometheus-mqtt-exporter → Prometheus → Alertmanager, each on a free loopback port with its data in a
/// temporary directory, configured from the templates in <c>bench/peer</c> (shared exporter config and rules, plus
/// <c>{setting}/prometheus.yml</c> and <c>{setting}/alertmanager.yml</c>). Disposing stops every daemon and deletes the
/// directory, whether or not the stack ever became ready.
/// </summary>
public sealed class PeerStack : IAsyncDisposable
{
    public static readonly string[] Executables = ["mosquitto", "prometheus-mqtt-exporter", "prometheus", "prometheus-alertmanager"];

    /// <summary>A reading the exporter must have passed on before a measured one can count on it being subscribed.</summary>
    private const string ReadySensor = "PEER-READY";

    private static readonly TimeSpan StartupDeadline = TimeSpan.FromMinutes(3);

    private readonly string _dir = Directory.CreateTempSubdirectory("warning-bench-peer-").FullName;
    private readonly List<Daemon> _daemons = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public int MqttPort { get; } = FreePorts.Next();
    private int ExporterPort { get; } = FreePorts.Next();
    private int PrometheusPort { get; } = FreePorts.Next();
    private int AlertmanagerPort { get; } = FreePorts.Next();

    private string Prometheus => $"http://127.0.0.1:{PrometheusPort}";

    private PeerStack() { }

    /// <summary>Starts the four daemons and returns once a reading flows from the broker into Prometheus and Prometheus knows the Alertmanager.</summary>
    public static async Task<PeerStack> Start(string templates, string setting, string webhookUrl, CancellationToken ct)
    {
        var stack = new PeerStack();
        try
        {
            await stack.StartDaemons(templates, setting, webhookUrl, ct);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Which executables of <see cref="Executables"/> are not on the PATH.</summary>
    public static IReadOnlyList<string> Missing() =>
        Executables.Where(exe => !(Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => File.Exists(Path.Combine(dir, exe)))).ToList();

    /// <summary>The first line each daemon prints for its version, so results say what was measured.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> Versions(CancellationToken ct)
    {
        var versions = new Dictionary<string, string>();
        foreach (var (exe, flag) in new[] { ("mosquitto", "-h"), ("prometheus-mqtt-exporter", "-version"), ("prometheus", "--version"), ("prometheus-alertmanager", "--version") })
        {
            using var process = Process.Start(new ProcessStartInfo(exe, flag) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await process.StandardOutput.ReadToEndAsync(ct) + await process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            versions[exe] = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
        }
        // The Debian exporter reports empty build fields; the package version is the honest answer.
        versions["prometheus-mqtt-exporter"] = await PackageVersion("prometheus-mqtt-exporter", ct) ?? versions["prometheus-mqtt-exporter"];
        return versions;
    }

    /// <summary>When Prometheus last scraped the exporter and how often it does, to place a publish in the scrape cycle.</summary>
    public async Task<(DateTimeOffset LastScrape, TimeSpan Interval)> ScrapeCycle(CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync($"{Prometheus}/api/v1/targets", ct));
        var target = doc.RootElement.GetProperty("data").GetProperty("activeTargets")[0];
        var last = DateTimeOffset.Parse(target.GetProperty("lastScrape").GetString()!, CultureInfo.InvariantCulture);
        return (last, Duration(target.GetProperty("scrapeInterval").GetString()!));
    }

    /// <summary>A connected publisher, so a measured publish pays no connection set-up.</summary>
    public async Task<IMqttClient> Publisher(CancellationToken ct)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", MqttPort).WithClientId($"peer-bench-{Guid.NewGuid():N}").Build(), ct);
        return client;
    }

    /// <summary>One reading in the engine's telemetry contract, at QoS 1.</summary>
    public static MqttApplicationMessage Reading(string sensor, int seq, double rainMm, bool retain = false) =>
        new MqttApplicationMessageBuilder()
            .WithTopic($"sensors/rain/{sensor}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$$"""{"ts":"{{{DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd'T'HH:mm:sszzz}}}","seq":{{{seq}}},"values":{"rain_mm":{{{rainMm}}}}}""")))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();

    public async ValueTask DisposeAsync()
    {
        // Reverse order: nothing is left talking to a daemon already gone.
        for (var i = _daemons.Count - 1; i >= 0; i--) await _daemons[i].DisposeAsync();
        _http.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task StartDaemons(string templates, string setting, string webhookUrl, CancellationToken ct)
    {
        string Config(string template, string name)
        {
            var text = File.ReadAllText(Path.Combine(templates, template))
                .Replace("${MQTT_PORT}", MqttPort.ToString(CultureInfo.InvariantCulture))
                .Replace("${EXPORTER_PORT}", ExporterPort.ToString(CultureInfo.InvariantCulture))
                .Replace("${ALERTMANAGER_PORT}", AlertmanagerPort.ToString(CultureInfo.InvariantCulture))
                .Replace("${WEBHOOK_URL}", webhookUrl)
                .Replace("${RULES}", Path.Combine(_dir, "rules.yml"));
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, text);
            return path;
        }

        var mosquittoConf = Path.Combine(_dir, "mosquitto.conf");
        await File.WriteAllTextAsync(mosquittoConf, $"listener {MqttPort} 127.0.0.1\nallow_anonymous true\npersistence false\n", ct);
        Config("rules.yml", "rules.yml");

        _daemons.Add(Daemon.Start("mosquitto", ["-c", mosquittoConf], _dir));
        await Until("mosquitto listening", () => Task.FromResult(Listening(MqttPort)), ct);

        _daemons.Add(Daemon.Start("prometheus-mqtt-exporter",
            ["-config", Config("mqtt-exporter.yaml", "mqtt-exporter.yaml"), "-listen-address", "127.0.0.1", "-listen-port", ExporterPort.ToString(CultureInfo.InvariantCulture)], _dir));
        _daemons.Add(Daemon.Start("prometheus-alertmanager",
        [
            $"--config.file={Config(Path.Combine(setting, "alertmanager.yml"), "alertmanager.yml")}", $"--storage.path={Path.Combine(_dir, "alertmanager")}",
            $"--web.listen-address=127.0.0.1:{AlertmanagerPort}",
            // A single Alertmanager: no gossip peers to wait for (a lone peer's wait is zero anyway) and no 9094 to collide on.
            "--cluster.listen-address=",
        ], _dir));
        _daemons.Add(Daemon.Start("prometheus",
        [
            $"--config.file={Config(Path.Combine(setting, "prometheus.yml"), "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(_dir, "prometheus")}",
            $"--web.listen-address=127.0.0.1:{PrometheusPort}",
        ], _dir));

        // Retained, so the exporter gets it whenever its subscription lands; then it must reach Prometheus by a scrape.
        using (var publisher = await Publisher(ct))
            await publisher.PublishAsync(Reading(ReadySensor, 0, 0, retain: true), ct);
        await Until("Alertmanager ready", () => Ok($"http://127.0.0.1:{AlertmanagerPort}/-/ready", ct), ct);
        await Until("Prometheus ready", () => Ok($"{Prometheus}/-/ready", ct), ct);
        await Until("Prometheus sees the Alertmanager", () => Has($"{Prometheus}/api/v1/alertmanagers", "activeAlertmanagers", ct), ct);
        await Until("the rain rules loaded", () => Has($"{Prometheus}/api/v1/rules", "groups", ct), ct);
        await Until("a reading scraped from the exporter",
            () => Has($"{Prometheus}/api/v1/query?query={Uri.EscapeDataString($"rain_mm{{sensor=\"{ReadySensor}\"}}")}", "result", ct), ct);
    }

    /// <summary>Polls <paramref name="done"/> until true; fails at once, with its output, if a daemon has exited.</summary>
    private async Task Until(string what, Func<Task<bool>> done, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (_daemons.FirstOrDefault(d => d.HasExited) is { } dead)
                throw new InvalidOperationException($"bench: {dead.Name} exited while waiting for {what}:\n{dead.Tail()}");
            if (clock.Elapsed > StartupDeadline)
                throw new TimeoutException($"bench: no {what} within {StartupDeadline.TotalMinutes} minutes; last output:\n{string.Join("\n", _daemons.Select(d => $"[{d.Name}] {d.Tail()}"))}");
            await Task.Delay(50, ct);
        }
    }

    private async Task<bool> Ok(string url, CancellationToken ct)
    {
        try { return (await _http.GetAsync(url, ct)).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
    }

    /// <summary>Whether the Prometheus API answer at <paramref name="url"/> has a non-empty <c>data.{array}</c>.</summary>
    private async Task<bool> Has(string url, string array, CancellationToken ct)
    {
        try
        {
            using var doc = JsonDocument.Parse(await _http.GetStringAsync(url, ct));
            return doc.RootElement.GetProperty("data").TryGetProperty(array, out var items) && items.GetArrayLength() > 0;
        }
        catch (HttpRequestException) { return false; }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException) { return false; }
    }

    /// <summary>Prometheus durations as the targets API prints them: "1s", "1m", "15s".</summary>
    private static TimeSpan Duration(string text) => text[^1] switch
    {
        's' when text.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture)),
        's' => TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        'm' => TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        'h' => TimeSpan.FromHours(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => throw new FormatException($"bench: unexpected Prometheus duration '{text}'"),
    };

    private static async Task<string?> PackageVersion(string package, CancellationToken ct)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("dpkg-query", ["-W", "-f=${Version}", package]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var version = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return process.ExitCode == 0 && version.Length > 0 ? $"{package} {version} (Debian)" : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
