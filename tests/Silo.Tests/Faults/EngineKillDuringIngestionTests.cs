using System.Diagnostics;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Faults;

/// <summary>
/// The engine SIGKILLed while devices publish to its embedded broker and started again on the same data: every
/// acknowledged reading was on disk, every unacknowledged one comes again from its device, none is stored twice.
/// </summary>
public sealed class EngineKillDuringIngestionTests(ITestOutputHelper output)
{
    private const int Readings = 3000;

    [Fact]
    public async Task A_killed_engine_loses_no_acknowledged_reading_and_raises_the_warning_once()
    {
        await using var influx = await InfluxServer.StartNew();
        var dataDir = Directory.CreateTempSubdirectory("warning-kill-").FullName;
        var engine = await EngineProcess.Start(influx.Url, dataDir, FaultLoad.Registry);
        try
        {
            using var device = new ResendingDevice(() => engine.MqttPort, "fault-logger");
            var restarted = Stopwatch.StartNew();
            var crash = Task.Run(async () =>
            {
                await Eventually.Until(() => Task.FromResult(device.Acked >= Readings / 3), TimeSpan.FromSeconds(60), "a third sent before the kill");
                await engine.Kill();
                restarted.Restart();
                engine = await EngineProcess.Start(influx.Url, dataDir, FaultLoad.Registry);
                output.WriteLine($"killed after {device.Acked} acknowledged readings; ready again in {restarted.Elapsed.TotalSeconds:0.0} s");
            });
            for (var i = 0; i < Readings; i++) await device.Send(FaultLoad.Topic(i), FaultLoad.Payload(i, Readings / 2), CancellationToken.None);
            await crash;

            await Eventually.Get(() => FaultLoad.Stored(influx), n => n == Readings, TimeSpan.FromSeconds(60), $"{Readings} readings stored");
            await Eventually.Get(() => FaultLoad.RedWarnings(engine.Http), n => n == 1, TimeSpan.FromSeconds(30), "the red warning");
            var (readings, duplicates) = await FaultLoad.Counted(engine.Http);
            output.WriteLine($"device resent {device.Resent}; InfluxDB holds {await FaultLoad.Stored(influx)} of {Readings}; "
                + $"grains counted {readings} readings and {duplicates} repeats since their last saved state; red warnings {await FaultLoad.RedWarnings(engine.Http)}");
            Assert.Equal(Readings, device.Acked);
            Assert.True(device.Resent > 0, "the kill interrupted the device");
            Assert.Equal(1, await FaultLoad.RedWarnings(engine.Http));
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }
}
