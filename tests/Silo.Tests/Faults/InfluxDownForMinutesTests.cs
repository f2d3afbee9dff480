using System.Diagnostics;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Faults;

/// <summary>InfluxDB away for minutes while readings keep coming: the spool holds them, nothing is lost or doubled.</summary>
public sealed class InfluxDownForMinutesTests(ITestOutputHelper output)
{
    // Two minutes by default; WARNING_FAULT_OUTAGE_SECONDS makes it longer (or shorter while working on it).
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("WARNING_FAULT_OUTAGE_SECONDS"), out var s) ? s : 120);

    [Fact]
    public async Task Minutes_without_InfluxDB_lose_no_reading_and_store_none_twice()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: FaultLoad.Registry);
        using var device = new ResendingDevice(() => engine.MqttPort, "fault-logger");
        using var stop = new CancellationTokenSource();
        var sent = 0;
        var redAt = -1;
        var load = Task.Run(async () =>
        {
            // 50 readings a second across the ten gauges, as a county network in heavy rain would send them and more.
            var clock = Stopwatch.StartNew();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await device.Send(FaultLoad.Topic(i), FaultLoad.Payload(i, Volatile.Read(ref redAt)), CancellationToken.None);
                sent = i + 1;
                var due = TimeSpan.FromMilliseconds(20 * (i + 1)) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due);
            }
        });

        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref sent) >= 500), TimeSpan.FromSeconds(30), "500 readings before the outage");
        await influx.Stop();
        var down = Stopwatch.StartNew();
        Volatile.Write(ref redAt, Volatile.Read(ref sent) / FaultLoad.Gauges * FaultLoad.Gauges + FaultLoad.Gauges * 10); // gauge 01, during the outage
        await Eventually.Get(() => FaultLoad.RedWarnings(engine.Http), n => n == 1, Outage, "the red warning raised while InfluxDB is down");
        var spooled = 0.0;
        while (down.Elapsed < Outage)
        {
            spooled = Math.Max(spooled, PrometheusText.Value(await engine.Metrics(), "warning_influx_spool_batches"));
            await Task.Delay(1000);
        }
        await influx.Start();
        await Task.Delay(5000);
        await stop.CancelAsync();
        await load;

        var back = Stopwatch.StartNew();
        await Eventually.Get(() => FaultLoad.Stored(influx), n => n == sent, TimeSpan.FromSeconds(120), $"all {sent} readings stored");
        var drained = back.Elapsed;
        await Eventually.Until(() => Task.FromResult(Directory.GetFiles(Path.Combine(engine.DataDir, "spool"), "*.wal").Length == 0), TimeSpan.FromSeconds(30), "spool empty");
        var (readings, duplicates) = await FaultLoad.Counted(engine.Http);
        output.WriteLine($"InfluxDB down {Outage.TotalSeconds:0} s; {sent} readings sent (acked {device.Acked}, resent {device.Resent}); "
            + $"spool peak {spooled} batches; all stored {drained.TotalSeconds:0.0} s after the restart plus 5 s of load; "
            + $"InfluxDB holds {await FaultLoad.Stored(influx)}; grains counted {readings} readings, {duplicates} duplicates; red warnings {await FaultLoad.RedWarnings(engine.Http)}");
        Assert.Equal(sent, device.Acked);
        Assert.Equal(sent, readings);
        Assert.Equal(0, duplicates);
        Assert.True(spooled > 0, "the outage went through the spool");
        Assert.Equal(1, await FaultLoad.RedWarnings(engine.Http));
    }
}
