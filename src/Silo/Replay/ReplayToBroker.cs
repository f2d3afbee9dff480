using System.Diagnostics;

namespace Warning.Silo.Replay;

/// <summary>
/// <c>./warning replay FILE --broker host:port</c>: publishes the recorded readings, paced by event time, into a
/// <em>running</em> engine's broker, so duty officers watch the season unfold on its dashboard (a drill). The running
/// engine evaluates and keeps the warnings; start it with <c>--Warnings:Exercise=true</c> to mark them 演练.
/// </summary>
public static class ReplayToBroker
{
    public static async Task<long> Run(ReplaySettings settings, string broker, TextWriter progress, CancellationToken ct)
    {
        var (host, port) = Parse(broker);
        var clock = Stopwatch.StartNew();
        var input = new ReplayInput(settings.Input, settings.From, settings.To);
        using var mqtt = await ReplayRunner.Connect(port, ct, host);
        long readings = 0;
        DateTimeOffset? firstTs = null;
        var lastReport = clock.Elapsed;
        foreach (var group in input.ReadGroups())
        {
            var ts = group[0].Reading.Ts;
            firstTs ??= ts;
            if (settings.Speed is { } speed) await ReplayRunner.Pace(ts - firstTs.Value, speed, clock, ct);
            foreach (var (kind, reading) in group)
            {
                if (kind == ReplayInput.ForecastKind) await ReplayRunner.PublishForecast(mqtt, ReplayRunner.IssueOf(reading), ct);
                else await ReplayRunner.Publish(mqtt, kind, reading, ct);
            }
            readings += group.Count;
            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(2))
            {
                lastReport = clock.Elapsed;
                await progress.WriteLineAsync($"replay → {broker}: {readings:N0} readings, event time {ts:yyyy-MM-dd HH:mm}");
            }
        }
        foreach (var problem in input.Problems.Take(20)) await progress.WriteLineAsync($"replay: skipped {problem}");
        return readings;
    }

    private static (string Host, int Port) Parse(string broker)
    {
        var colon = broker.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(broker[(colon + 1)..], out var port) || port is <= 0 or > 65535)
            throw new ArgumentException($"--broker expects host:port such as 127.0.0.1:1883, got \"{broker}\"");
        return (broker[..colon], port);
    }
}
