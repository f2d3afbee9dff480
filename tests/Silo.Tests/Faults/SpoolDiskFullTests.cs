using System.Diagnostics;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Faults;

/// <summary>
/// The spool's disk full while InfluxDB is down: the engine says so in its log and metrics, keeps taking readings
/// (held in memory), and stores every one of them once InfluxDB answers again; no crash.
/// </summary>
public sealed class SpoolDiskFullTests(ITestOutputHelper output)
{
    private const int Readings = 2000;

    [Fact]
    public async Task A_full_spool_disk_is_reported_and_loses_nothing()
    {
        var dataDir = Directory.CreateTempSubdirectory("warning-diskfull-").FullName;
        // A 64 KiB file system for the spool alone: about 700 readings of line protocol.
        await using var spool = await TmpfsMount.On(Path.Combine(dataDir, "spool"), "64k");
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, dataDir: dataDir, registry: FaultLoad.Registry);
        await influx.Stop();
        using var device = new ResendingDevice(() => engine.MqttPort, "fault-logger");
        for (var i = 0; i < Readings; i++) await device.Send(FaultLoad.Topic(i), FaultLoad.Payload(i, Readings / 2), CancellationToken.None);

        await Eventually.Get(() => FaultLoad.RedWarnings(engine.Http), n => n == 1, TimeSpan.FromSeconds(10), "the red warning");
        var metrics = await engine.Metrics();
        var failures = PrometheusText.Value(metrics, "warning_influx_spool_failures_total");
        var held = PrometheusText.Value(metrics, "warning_influx_held_points");
        var (readings, _) = await FaultLoad.Counted(engine.Http);
        Assert.True(failures > 0, "the full disk was noticed");
        Assert.True(held > 0, "readings held in memory");
        Assert.Equal(Readings, readings);
        Assert.True((await engine.Http.GetAsync("/healthz")).IsSuccessStatusCode, "the engine is up");

        await influx.Start();
        var back = Stopwatch.StartNew();
        await Eventually.Get(() => FaultLoad.Stored(influx), n => n == Readings, TimeSpan.FromSeconds(60), $"all {Readings} stored");
        await Eventually.Until(async () => PrometheusText.Value(await engine.Metrics(), "warning_influx_held_points") == 0, TimeSpan.FromSeconds(30), "nothing held");
        output.WriteLine($"spool on a 64 KiB tmpfs, InfluxDB down: {Readings} readings all acknowledged (device resent {device.Resent}); "
            + $"{failures} spool write failures, {held} points held in memory at the peak check; all {await FaultLoad.Stored(influx)} stored "
            + $"{back.Elapsed.TotalSeconds:0.0} s after InfluxDB returned; red warnings {await FaultLoad.RedWarnings(engine.Http)}");
    }
}
