using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Warning.Silo.Replay;

/// <summary><c>./warning replay FILE.csv [--registry F] [--speed N | --max] [--via direct|mqtt] [--out report.json] [--from T] [--to T] [--batch N] [--broker host:port]</c>.</summary>
public static class ReplayCommand
{
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> Run(string[] args)
    {
        var file = new Argument<FileInfo>("file") { Description = "replay CSV (ts,kind,sensor,metric,value), sorted by ts" };
        var registry = new Option<FileInfo>("--registry") { Description = "sensor registry", DefaultValueFactory = _ => new FileInfo("config/sensors.yaml") };
        var speed = new Option<double?>("--speed") { Description = "N × real time, by event time" };
        var max = new Option<bool>("--max") { Description = "as fast as possible (the default)" };
        var via = new Option<string>("--via") { Description = "direct (to the pipeline) or mqtt (through the embedded broker)", DefaultValueFactory = _ => "direct" };
        via.AcceptOnlyFromAmong("direct", "mqtt");
        var output = new Option<FileInfo?>("--out") { Description = "write the report as JSON here" };
        var html = new Option<FileInfo?>("--html") { Description = "write a self-contained HTML report here (keeps every reading in memory: for seasons, not scale runs)" };
        var from = new Option<string?>("--from") { Description = "first event time to replay (ISO 8601)" };
        var to = new Option<string?>("--to") { Description = "replay event times before this (ISO 8601)" };
        var batch = new Option<int>("--batch")
        {
            Description = "under --via direct --max: event-time steps sent to the grains as one chunk, one call per sensor (1: reading by reading; the report is the same)",
            DefaultValueFactory = _ => ReplaySettings.DefaultBatch,
        };
        var broker = new Option<string?>("--broker") { Description = "publish into a running engine's broker (host:port) instead, to watch on its dashboard; no report" };

        var command = new RootCommand("Replay a recorded season through the engine's rules; warnings are marked as exercise.")
        {
            file, registry, speed, max, via, output, html, from, to, batch, broker,
        };
        command.SetAction(async (result, ct) =>
        {
            var input = result.GetValue(file)!;
            if (!input.Exists)
            {
                await Console.Error.WriteLineAsync($"replay: {input.FullName} does not exist");
                return 2;
            }
            if (!TryTime(result.GetValue(from), out var fromTs) || !TryTime(result.GetValue(to), out var toTs))
            {
                await Console.Error.WriteLineAsync("replay: --from and --to take ISO 8601 times such as 2012-08-01T00:00:00+08:00");
                return 2;
            }
            var pace = result.GetValue(max) ? null : result.GetValue(speed);
            if (pace is <= 0)
            {
                await Console.Error.WriteLineAsync("replay: --speed must be above 0");
                return 2;
            }
            if (result.GetValue(batch) is var steps && steps < 1)
            {
                await Console.Error.WriteLineAsync($"replay: --batch must be 1 or more (event-time steps a chunk), got {steps}");
                return 2;
            }
            var settings = new ReplaySettings(input.FullName, result.GetValue(registry)!.FullName, pace, result.GetValue(via)!,
                result.GetValue(output)?.FullName, result.GetValue(html)?.FullName, fromTs, toTs, steps);
            if (result.GetValue(broker) is { } target)
            {
                long published;
                try
                {
                    published = await ReplayToBroker.Run(settings, target, Console.Error, ct);
                }
                catch (Exception e) when (e is ArgumentException or MQTTnet.Exceptions.MqttCommunicationException)
                {
                    await Console.Error.WriteLineAsync($"replay: {e.Message}");
                    return 2;
                }
                await Console.Error.WriteLineAsync($"replay: {published:N0} readings published to {target}; the running engine holds the warnings (GET /api/warnings, the dashboard)");
                return 0;
            }
            var report = await ReplayRunner.Run(settings, Console.Error, ct);
            var json = JsonSerializer.Serialize(report, ReportJson);
            if (settings.Out is { } path) await File.WriteAllTextAsync(path, json, ct);
            else await Console.Out.WriteLineAsync(json);
            await Console.Error.WriteLineAsync($"replay: {report.Readings:N0} readings, {report.Rejected} rejected, {report.Warnings.Count} warning levels, {report.WallSeconds:0.###} s");
            foreach (var problem in report.Problems.Take(20)) await Console.Error.WriteLineAsync($"replay: rejected {problem}");
            return 0;
        });
        return await command.Parse(args).InvokeAsync();
    }

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (text is null) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        value = parsed;
        return true;
    }
}
