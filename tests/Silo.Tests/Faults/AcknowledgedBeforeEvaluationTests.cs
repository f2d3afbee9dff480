using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Faults;

/// <summary>
/// A broker's reading is acknowledged once it is in the reading log and evaluated after (<c>Ingest:Acknowledge</c> =
/// <c>durable</c>). The engine is SIGKILLed while red readings it acknowledged still wait for their grains: the restart
/// evaluates them again from the log, so every gauge warns once, though no device sends anything again.
/// </summary>
public sealed class AcknowledgedBeforeEvaluationTests(ITestOutputHelper output)
{
    private const int Gauges = 2_000;
    private static readonly DateTimeOffset Onset = new(2021, 7, 20, 16, 0, 0, TimeSpan.FromHours(8));

    private static string Registry => string.Concat(Enumerable.Range(0, Gauges).Select(g =>
        $"- {{ id: AB-{g:D5}, kind: rain, name: 站{g}, region: \"410183\", areas: [\"410183001001\"], ruleset: cma-rainstorm }}\n"));

    [Fact]
    public async Task Red_readings_acknowledged_and_not_yet_evaluated_at_a_SIGKILL_warn_once_after_the_restart()
    {
        await using var influx = await InfluxServer.StartNew();
        var dataDir = Directory.CreateTempSubdirectory("warning-ackfirst-").FullName;
        // One evaluation at a time: the red readings queue up behind their acknowledgements.
        var first = await EngineProcess.Start(influx.Url, dataDir, Registry, null, "--Ingest:EvaluationConcurrency=1", "--Warnings:ApprovalTimeout=01:00:00");
        int acknowledged;
        double queuedAtKill;
        try
        {
            acknowledged = await Telemetry.PublishMany(first.MqttPort, Enumerable.Range(0, Gauges)
                .Select(g => ($"AB-{g:D5}", Engine.Reading(Onset.ToString("O"), 1, 120))));
            queuedAtKill = PrometheusText.Value(await first.Http.GetStringAsync("/metrics"), "warning_ingest_evaluation_queued");
        }
        finally
        {
            await first.Kill();
        }
        output.WriteLine($"{acknowledged} red readings acknowledged; {queuedAtKill} of them still queued for their grains at the SIGKILL");
        Assert.Equal(Gauges, acknowledged);
        Assert.True(queuedAtKill > 0, "the kill came while acknowledged readings waited for evaluation (else this test proves nothing)");

        await using var second = await EngineProcess.Start(influx.Url, dataDir, Registry, null, "--Warnings:ApprovalTimeout=01:00:00");
        var warnings = await Eventually.Get(() => second.Warnings("?limit=100000"), w => w.Count >= Gauges, TimeSpan.FromSeconds(120),
            $"all {Gauges} gauges' warnings after the restart, nothing sent again");
        Assert.Equal(Gauges, warnings.Count);
        Assert.Equal(Gauges, warnings.Select(w => w.GetProperty("sensorId").GetString()).Distinct().Count());
        Assert.All(warnings, w => Assert.Equal("red", w.GetProperty("level").GetString()));
        await Eventually.Until(async () => await influx.Count("rain", "rain_mm") == Gauges, TimeSpan.FromSeconds(60), $"all {Gauges} readings in InfluxDB");
        var log = await File.ReadAllTextAsync(second.Log);
        Assert.Contains("Evaluated again", log);
        await Eventually.Until(async () => PrometheusText.Value(await second.Http.GetStringAsync("/metrics"), "warning_influx_spool_unsettled") == 0,
            TimeSpan.FromSeconds(30), "every batch of the reading log settled");
        output.WriteLine(log.Split('\n').First(l => l.Contains("Evaluated again")));
    }
}
