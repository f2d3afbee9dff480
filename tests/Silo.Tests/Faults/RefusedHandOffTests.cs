using System.Diagnostics;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Faults;

/// <summary>
/// A hand-off that fails end to end: the reading log's disk full (a 64 KiB tmpfs), InfluxDB down, and more than
/// <c>Influx:HeldPointsLimit</c> readings already held in memory, so the writer refuses the next reading. The embedded
/// broker never acknowledges it as taken: MQTT 5 gets <i>implementation specific error</i> in its PUBACK, MQTT 3.1.1
/// no PUBACK and a closed connection; once InfluxDB is back and the held readings drained, the device's resend is
/// taken, and InfluxDB holds exactly the readings acknowledged.
/// </summary>
public sealed class RefusedHandOffTests(ITestOutputHelper output)
{
    private const int HeldLimit = 200;

    // The spool takes some hundreds of readings before it is full, then HeldLimit more are held: a refusal must come
    // long before this many.
    private const int MaxReadings = 3000;

    [Fact]
    public async Task Past_the_held_limit_an_MQTT_5_PUBACK_carries_implementation_specific_error()
    {
        var dataDir = Directory.CreateTempSubdirectory("warning-refused-").FullName;
        await using var spool = await TmpfsMount.On(Path.Combine(dataDir, "spool"), "64k");
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, dataDir: dataDir, registry: FaultLoad.Registry, settings: [$"--Influx:HeldPointsLimit={HeldLimit}"]);
        await influx.Stop();

        using var client = await Connect(engine, MqttProtocolVersion.V500);
        var watch = Stopwatch.StartNew();
        var (acked, refused) = await PublishUntilRefused(client);

        Assert.True(refused.Error is null, $"MQTT 5: reading {acked} got no PUBACK ({refused.Error?.GetType().Name}: {refused.Error?.Message}); expected one with a reason code");
        Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, refused.Result!.ReasonCode);
        await AssertHeldPastTheLimit(engine, acked);
        Assert.True(client.IsConnected, "MQTT 5: the connection stays open after a refused publish (the PUBACK says it)");

        // Not a passing glitch: while InfluxDB is away and the disk full, the same reading sent again is refused again.
        var again = await Publish(client, acked);
        Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, again.Result?.ReasonCode);
        output.WriteLine($"MQTT 5, spool on a 64 KiB tmpfs, InfluxDB down, Influx:HeldPointsLimit={HeldLimit}: {acked} readings acknowledged, "
            + $"reading {acked} answered {refused.Result.ReasonCode} after {watch.Elapsed.TotalSeconds:0.0} s, and again when sent again");
    }

    [Fact]
    public async Task Past_the_held_limit_MQTT_3_1_1_is_closed_without_PUBACK_and_its_resend_is_taken_once_InfluxDB_is_back()
    {
        var dataDir = Directory.CreateTempSubdirectory("warning-refused-").FullName;
        await using var spool = await TmpfsMount.On(Path.Combine(dataDir, "spool"), "64k");
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, dataDir: dataDir, registry: FaultLoad.Registry, settings: [$"--Influx:HeldPointsLimit={HeldLimit}"]);
        await influx.Stop();

        using var client = await Connect(engine, MqttProtocolVersion.V311);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        var (acked, refused) = await PublishUntilRefused(client);

        Assert.True(refused.Result is null, $"MQTT 3.1.1: reading {acked} was answered with a PUBACK ({refused.Result?.ReasonCode}), which would tell the device it was taken");
        Assert.False(refused.Error is MqttCommunicationTimedOutException, $"MQTT 3.1.1: reading {acked} got no PUBACK but its connection was not closed either (the client timed out)");
        var closed = await Task.WhenAny(disconnected.Task, Task.Delay(TimeSpan.FromSeconds(10))) == disconnected.Task;
        Assert.True(closed, $"MQTT 3.1.1: the connection was not closed within 10 s of reading {acked}'s refusal ({refused.Error?.GetType().Name}: {refused.Error?.Message})");
        Assert.False(client.IsConnected, "MQTT 3.1.1: the client still connected after its refused publish");
        await AssertHeldPastTheLimit(engine, acked);

        await influx.Start();
        var back = Stopwatch.StartNew();
        var held = await Eventually.Get(async () => PrometheusText.Value(await engine.Metrics(), "warning_influx_held_points"), n => n < HeldLimit,
            TimeSpan.FromSeconds(60), $"the held points drained below Influx:HeldPointsLimit={HeldLimit} after InfluxDB returned");
        // Every acknowledged reading reaches InfluxDB, and the refused one (written nowhere) does not.
        var stored = await Eventually.Get(() => FaultLoad.Stored(influx), n => n >= acked, TimeSpan.FromSeconds(60), $"the {acked} acknowledged readings in InfluxDB");
        Assert.True(stored == acked, $"InfluxDB holds {stored} readings; {acked} were acknowledged and reading {acked} was refused");

        // The device sends the refused reading again on a new connection: taken now.
        using var resender = await Connect(engine, MqttProtocolVersion.V311);
        var resent = await Publish(resender, acked);
        Assert.True(resent.Result?.IsSuccess == true,
            $"MQTT 3.1.1: the resend of reading {acked} after the held points drained got {(resent.Result is { } r ? $"PUBACK {r.ReasonCode}" : $"{resent.Error?.GetType().Name}: {resent.Error?.Message}")}");
        var total = acked + 1;
        stored = await Eventually.Get(() => FaultLoad.Stored(influx), n => n >= total, TimeSpan.FromSeconds(30), $"all {total} acknowledged readings in InfluxDB");
        Assert.True(stored == total, $"InfluxDB holds {stored} readings; exactly the {total} acknowledged were expected");
        // The grain had taken the refused reading the first time (only its write failed): the resend is its repeat
        // (waited for: a reading acknowledged once durable may be evaluated just after its PUBACK).
        await Eventually.Get(() => FaultLoad.Counted(engine.Http), c => c == (total, 1L), TimeSpan.FromSeconds(10),
            $"the sensor grains counting {total} readings and 1 repeat (readings, repeats)");
        output.WriteLine($"MQTT 3.1.1, spool on a 64 KiB tmpfs, InfluxDB down, Influx:HeldPointsLimit={HeldLimit}: {acked} readings acknowledged, "
            + $"reading {acked} refused ({refused.Error!.GetType().Name}, connection closed); held points {held} "
            + $"{back.Elapsed.TotalSeconds:0.0} s after InfluxDB returned; the resend acknowledged; InfluxDB holds {stored} of {total}");
    }

    private static async Task<IMqttClient> Connect(Engine engine, MqttProtocolVersion version)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var connected = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", engine.MqttPort).WithProtocolVersion(version)
            .WithClientId($"refused-{Guid.NewGuid():N}"[..20]).WithTimeout(TimeSpan.FromSeconds(30)).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        return client;
    }

    /// <summary>Readings 0, 1, … one after the other until one is not acknowledged: how many were, and that one's answer.</summary>
    private static async Task<(int Acked, PublishOutcome Refused)> PublishUntilRefused(IMqttClient client)
    {
        for (var i = 0; i < MaxReadings; i++)
        {
            var outcome = await Publish(client, i);
            if (outcome.Result?.IsSuccess != true) return (i, outcome);
        }
        throw new Xunit.Sdk.XunitException($"all {MaxReadings} readings were acknowledged with the spool's disk full and InfluxDB down: "
            + $"Influx:HeldPointsLimit={HeldLimit} was not enforced");
    }

    /// <summary>Reading <paramref name="i"/> of the fault load (no red), QoS 1: the PUBACK, or what the client threw instead.</summary>
    private static async Task<PublishOutcome> Publish(IMqttClient client, int i)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(FaultLoad.Topic(i)).WithPayload(FaultLoad.Payload(i, redAt: -1))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        try
        {
            return new PublishOutcome(await client.PublishAsync(message), null);
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException)
        {
            return new PublishOutcome(null, e);
        }
    }

    private static async Task AssertHeldPastTheLimit(Engine engine, int acked)
    {
        Assert.True(acked >= HeldLimit, $"only {acked} readings acknowledged before the first refusal: fewer than the {HeldLimit} the writer may hold");
        var metrics = await Eventually.Get(engine.Metrics, m => PrometheusText.Value(m, "warning_influx_held_points") >= HeldLimit,
            TimeSpan.FromSeconds(10), $"warning_influx_held_points at Influx:HeldPointsLimit={HeldLimit} or more on /metrics");
        Assert.True(PrometheusText.Value(metrics, "warning_influx_spool_failures_total") > 0, "the full spool disk counted in warning_influx_spool_failures_total");
    }

    /// <summary>What one publish came to: its PUBACK, or the client's error when none came.</summary>
    private sealed record PublishOutcome(MqttClientPublishResult? Result, Exception? Error);
}
