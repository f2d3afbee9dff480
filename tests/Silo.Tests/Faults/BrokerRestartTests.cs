using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Faults;

/// <summary>
/// The external mosquitto restarted while readings flow: the engine's persistent session gets what was queued for it,
/// devices send again what was not acknowledged, and the repeats are recognised, not stored or counted twice.
/// </summary>
public sealed class BrokerRestartTests(ITestOutputHelper output)
{
    private const int Readings = 3000;

    [Fact]
    public async Task A_restarted_broker_loses_nothing_and_its_repeats_are_dropped()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var broker = await MosquittoServer.StartNew(persistent: true);
        await using var engine = await Engine.Start(influx.Url, externalBroker: $"127.0.0.1:{broker.Port}", registry: FaultLoad.Registry);
        using var device = new ResendingDevice(() => broker.Port, "fault-logger");

        var restart = Task.Run(async () =>
        {
            await Eventually.Until(() => Task.FromResult(device.Acked >= Readings / 3), TimeSpan.FromSeconds(60), "a third sent before the restart");
            await broker.Restart();
        });
        for (var i = 0; i < Readings; i++) await device.Send(FaultLoad.Topic(i), FaultLoad.Payload(i, Readings / 2), CancellationToken.None);
        await restart;

        await Eventually.Get(() => FaultLoad.Counted(engine.Http), c => c.Readings == Readings, TimeSpan.FromSeconds(60), $"{Readings} readings taken");
        await Eventually.Get(() => FaultLoad.Stored(influx), n => n == Readings, TimeSpan.FromSeconds(30), $"{Readings} readings stored");
        var (readings, duplicates) = await FaultLoad.Counted(engine.Http);
        output.WriteLine($"mosquitto restarted after {Readings / 3} of {Readings} readings; device resent {device.Resent}; "
            + $"grains counted {readings} readings and dropped {duplicates} repeats; InfluxDB holds {await FaultLoad.Stored(influx)}; red warnings {await FaultLoad.RedWarnings(engine.Http)}");
        Assert.Equal(Readings, device.Acked);
        Assert.True(device.Resent > 0, "the restart interrupted the device");
        Assert.Equal(Readings, readings);
        Assert.Equal(1, await FaultLoad.RedWarnings(engine.Http));
    }
}
