using System.Buffers;
using Polly;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Reports;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Mqtt;

/// <summary>
/// Takes telemetry from an external broker (mosquitto) through a shared subscription
/// (<c>$share/{group}/sensors/+/+/telemetry</c>), so several silos split the load. The session persists and each
/// message is acknowledged only after its reading was handed to the grain: a silo that dies leaves its
/// unacknowledged messages for the broker to deliver again. MQTTnet 5 has no managed client, so reconnecting
/// and resubscribing are done here.
/// </summary>
public sealed class ExternalBrokerSubscriber(IOptions<MqttOptions> options, IngestPipeline pipeline, ReportIntake reports, ILogger<ExternalBrokerSubscriber> log)
    : BackgroundService, IBrokerHealth
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(10);
    private IMqttClient? _client;

    private readonly CancellationTokenSource _stopping = new();

    private readonly ResiliencePipeline _handOffRetry = HandOffRetry.Create(log);

    public bool IsReady => _client?.IsConnected == true;

    public string Describe => $"external broker {options.Value.ExternalBroker}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var (host, port) = o.ExternalEndpoint();
        using var client = new MqttClientFactory().CreateMqttClient();
        _client = client;
        client.ApplicationMessageReceivedAsync += OnMessage;
        var builder = new MqttClientOptionsBuilder();
        if (!string.IsNullOrEmpty(o.Username)) builder.WithCredentials(o.Username, o.Password);
        if (o.ExternalTls) builder.WithTlsOptions(tls => BrokerTrust.Configure(tls, o.ExternalCaFile));
        var clientOptions = builder
            .WithTcpServer(host, port)
            .WithClientId(o.ClientId ?? $"warning-{Environment.MachineName}-{o.ShareGroup ?? "single"}")
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(24 * 3600)
            .WithReceiveMaximum((ushort)o.ReceiveMaximum)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        try
        {
            await KeepSubscribed(client, clientOptions, o, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        if (client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
        }
    }

    private async Task KeepSubscribed(IMqttClient client, MqttClientOptions clientOptions, MqttOptions o, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!client.IsConnected)
            {
                try
                {
                    var connected = await client.ConnectAsync(clientOptions, stoppingToken);
                    var shared = o.ShareGroup is null ? "" : $"$share/{o.ShareGroup}/";
                    await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                        .WithTopicFilter(f => f.WithTopic(shared + SensorTopic.TelemetryFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                        .WithTopicFilter(f => f.WithTopic(shared + SensorTopic.StatusFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                        .WithTopicFilter(f => f.WithTopic(shared + ReportIntake.TopicFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                        .WithTopicFilter(f => f.WithTopic(shared + Forecasts.ForecastTopic.Filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                        .Build(), stoppingToken);
                    log.LogInformation("MQTT: subscribed to {Broker} as {Filter} (session present: {Session})",
                        Describe, shared + SensorTopic.TelemetryFilter, connected.IsSessionPresent);
                    delay = TimeSpan.FromMilliseconds(200);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning("MQTT: cannot reach {Broker} ({Error}); retrying in {Delay}", Describe, e.Message, delay);
                    await Task.Delay(delay, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
                    continue;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
        }
    }

    // The handler returns at once and the message is acknowledged when its hand-off completes (with
    // Influx:WaitForSpool, once the reading is on disk), so many messages are in hand at a time — as many as the
    // session's ReceiveMaximum lets the broker send unacknowledged — instead of one.
    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false;
        // The client may reuse the payload's buffer once the handler returns: keep a copy.
        _ = HandOff(e, new ReadOnlySequence<byte>(e.ApplicationMessage.Payload.ToArray()));
        return Task.CompletedTask;
    }

    // A broker redelivers an unacknowledged message only when the session resumes, so a hand-off that fails while the
    // cluster heals (a silo died and its grains are moving) is tried again here until it succeeds or the silo stops.
    private async Task HandOff(MqttApplicationMessageReceivedEventArgs e, ReadOnlySequence<byte> payload)
    {
        try
        {
            await _handOffRetry.ExecuteAsync(async _ => await MessageRouter.RouteAsync(pipeline, reports, e.ApplicationMessage.Topic, payload), _stopping.Token);
        }
        catch (Exception ex)
        {
            // Not acknowledged: the broker delivers it again when this session resumes.
            log.LogError(ex, "Could not hand off a message on {Topic}; left unacknowledged", e.ApplicationMessage.Topic);
            return;
        }
        try
        {
            await e.AcknowledgeAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The connection went while the reading was handed off: the resumed session delivers it again, as a repeat.
            log.LogWarning("Could not acknowledge a message on {Topic} ({Error}); the broker delivers it again when the session resumes",
                e.ApplicationMessage.Topic, ex.Message);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }
}
