using System.Buffers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Warning.Ingest.Forecasts;
using Warning.Ingest.Mqtt;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Reports;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Rabbit;

/// <summary>
/// Takes the readings devices publish over MQTT to RabbitMQ (its MQTT plugin routes them to <c>amq.topic</c>) from one
/// quorum queue that every silo consumes over AMQP. Each message is acknowledged only after its reading was handed to
/// the grain (with <c>Influx:WaitForSpool</c>, once it is on disk) — the contract of the mosquitto path — with up to
/// <c>Rabbit:Prefetch</c> in hand. A silo that dies leaves its unacknowledged messages to RabbitMQ, which gives them to
/// the surviving consumers as soon as the dead one's connection closes (no session waits for it to come back). On a
/// graceful stop the consumer is cancelled first, what is in hand is finished for up to <c>Rabbit:DrainFor</c>, and the
/// rest goes back to the queue with the connection.
/// </summary>
public sealed class RabbitConsumer(IOptions<RabbitOptions> options, IngestPipeline pipeline, ReportIntake reports, ILogger<RabbitConsumer> log)
    : BackgroundService, IBrokerHealth
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _acks = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;
    private string? _consumerTag;
    private int _inHand;

    private readonly ResiliencePipeline _handOffRetry = HandOffRetry.Create(log);

    public bool IsReady => _channel?.IsOpen == true && _consumerTag is not null;

    public string Describe => $"RabbitMQ queue {options.Value.Queue} at {Redacted(options.Value.Url)}";

    /// <summary>Messages taken from the queue and not yet acknowledged.</summary>
    public int InHand => Volatile.Read(ref _inHand);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_channel?.IsOpen != true)
            {
                try
                {
                    await Connect(stoppingToken);
                    delay = TimeSpan.FromMilliseconds(200);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning("RabbitMQ: cannot consume from {Broker} ({Error}); retrying in {Delay}", Describe, e.Message, delay);
                    await Forget();
                    try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { return; }
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
                    continue;
                }
            }
            try { await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }

    private async Task Connect(CancellationToken ct)
    {
        await Forget();
        var o = options.Value;
        var factory = new ConnectionFactory
        {
            Uri = new Uri(o.Url!),
            ClientProvidedName = $"warning-{Environment.MachineName}",
            AutomaticRecoveryEnabled = false,   // this loop reconnects and declares again
            RequestedHeartbeat = o.Heartbeat,
        };
        _connection = await factory.CreateConnectionAsync(ct);
        var channel = await _connection.CreateChannelAsync(cancellationToken: ct);
        // A quorum queue: replicated over the broker's nodes, durable, messages kept until a consumer acknowledges them.
        await channel.QueueDeclareAsync(o.Queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
        foreach (var filter in new[] { SensorTopic.TelemetryFilter, SensorTopic.StatusFilter, ReportIntake.TopicFilter, ForecastTopic.Filter })
            await channel.QueueBindAsync(o.Queue, o.Exchange, RabbitTopic.BindingOf(filter), cancellationToken: ct);
        await channel.BasicQosAsync(0, (ushort)o.Prefetch, global: false, ct);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            // The body's buffer is the client's again once the handler returns: keep a copy. The handler returns at
            // once, so up to Prefetch messages are handed off at a time.
            Interlocked.Increment(ref _inHand);
            _ = HandOff(channel, delivery.DeliveryTag, delivery.RoutingKey, new ReadOnlySequence<byte>(delivery.Body.ToArray()));
            return Task.CompletedTask;
        };
        _channel = channel;
        _consumerTag = await channel.BasicConsumeAsync(o.Queue, autoAck: false, consumer, ct);
        log.LogInformation("RabbitMQ: consuming {Broker} (prefetch {Prefetch})", Describe, o.Prefetch);
    }

    private async Task HandOff(IChannel channel, ulong deliveryTag, string routingKey, ReadOnlySequence<byte> payload)
    {
        var topic = RabbitTopic.ToMqtt(routingKey);
        try
        {
            try
            {
                await _handOffRetry.ExecuteAsync(async _ => await MessageRouter.RouteAsync(pipeline, reports, topic, payload), _stopping.Token);
            }
            catch (Exception ex)
            {
                // Not acknowledged: it goes back to the queue when this connection closes, for another silo.
                log.LogError(ex, "Could not hand off a message on {Topic}; left unacknowledged", topic);
                return;
            }
            await _acks.WaitAsync(CancellationToken.None);
            try
            {
                await channel.BasicAckAsync(deliveryTag, multiple: false, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The channel closed while the reading was handed off: RabbitMQ delivers it again, as a repeat the grain drops.
                log.LogWarning("Could not acknowledge a message on {Topic} ({Error}); RabbitMQ delivers it again", topic, ex.Message);
            }
            finally
            {
                _acks.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inHand);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Drain: take nothing new, finish and acknowledge what is in hand for a while, then close — RabbitMQ requeues the rest.
        if (_channel is { IsOpen: true } channel && _consumerTag is { } tag)
        {
            try
            {
                await channel.BasicCancelAsync(tag, cancellationToken: cancellationToken);
                using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                drain.CancelAfter(options.Value.DrainFor);
                while (InHand > 0 && !drain.IsCancellationRequested) await Task.Delay(20, CancellationToken.None);
                log.LogInformation("RabbitMQ: consumer cancelled; {Left} messages left in hand go back to the queue", InHand);
            }
            catch (Exception e)
            {
                log.LogWarning("RabbitMQ: could not cancel the consumer ({Error})", e.Message);
            }
        }
        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
        await Forget();
    }

    private async Task Forget()
    {
        _consumerTag = null;
        var channel = _channel;
        var connection = _connection;
        _channel = null;
        _connection = null;
        try
        {
            if (channel is not null) await channel.DisposeAsync();
            if (connection is not null)
            {
                if (connection.IsOpen) await connection.CloseAsync(TimeSpan.FromSeconds(3));
                await connection.DisposeAsync();
            }
        }
        catch (Exception e)
        {
            log.LogDebug("RabbitMQ: closing the old connection: {Error}", e.Message);
        }
    }

    private static string Redacted(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{(uri.IsDefaultPort ? 5672 : uri.Port)}{uri.AbsolutePath}" : "?";

    public override void Dispose()
    {
        _stopping.Dispose();
        _acks.Dispose();
        base.Dispose();
    }
}
