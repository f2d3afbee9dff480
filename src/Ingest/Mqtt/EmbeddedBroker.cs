using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;
using MQTTnet.Protocol;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Reports;
using Warning.Ingest.Registry;
using Warning.Ingest.Security;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Mqtt;

/// <summary>
/// The single-process default: an MQTTnet 5 broker inside the engine. Its publishes are consumed in-process
/// (the embedded broker has no shared subscriptions); a QoS 1 publish is acknowledged to the sensor only after
/// the reading has been handed to its grain and is durable. MQTTnet reads a connection's packets one at a time and
/// would hold the next publish until the last one's hand-off (its disk sync) ended; instead the hand-off starts and
/// the connection reads on, and the PUBACK, when its turn in the send queue comes, waits for that hand-off
/// (<see cref="PendingAcks"/>): one connection's readings share syncs, and PUBACKs still go out in the order the
/// publishes came [MQTT-4.6.0-2]. A hand-off that failed is never acknowledged as taken: MQTT 5 gets the error in
/// its PUBACK, MQTT 3.1.1 (whose PUBACK carries no code) no PUBACK and a closed connection, to send it again. Devices log in with their sensor id and secret and publish only to
/// their own topics (<see cref="DeviceAccess"/>); every refusal is logged and kept as a dead letter.
/// </summary>
public sealed class EmbeddedBroker(IOptions<MqttOptions> options, IngestPipeline pipeline, ReportIntake reports, SensorRegistry registry, ILogger<EmbeddedBroker> log)
    : IHostedService, IBrokerHealth
{
    private const string IdentityItem = "warning.identity";
    private const string VersionItem = "warning.protocol";
    private const string PendingItem = "warning.pending-acks";
    private const string InboundItem = "warning.inbound-packet-id";

    private readonly DeviceAccess _access = new(registry, options.Value.AllowAnonymous);
    private readonly SensorRateLimit? _perSensor = options.Value.PerSensorPerSecond > 0 ? new SensorRateLimit(options.Value.PerSensorPerSecond) : null;
    private MqttServer? _server;

    public bool IsReady => _server?.IsStarted == true;

    public string Describe => $"embedded broker on {options.Value.BindAddress}"
        + (options.Value.Port > 0 ? $" port {options.Value.Port}" : "")
        + (options.Value.UsesTls ? $" TLS port {options.Value.TlsPort}" : "");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var address = IPAddress.Parse(o.BindAddress);
        var builder = new MqttServerOptionsBuilder();
        if (o.Port > 0) builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(address).WithDefaultEndpointPort(o.Port);
        else builder.WithoutDefaultEndpoint();
        if (o.UsesTls)
        {
            builder.WithEncryptedEndpoint().WithEncryptedEndpointBoundIPAddress(address).WithEncryptedEndpointPort(o.TlsPort)
                .WithEncryptionCertificate(BrokerCertificate.Load(o)).WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
        }
        var serverOptions = builder.Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.InterceptingInboundPacketAsync += OnInbound;
        _server.InterceptingPublishAsync += OnPublish;
        _server.InterceptingOutboundPacketAsync += OnOutbound;
        _server.ValidatingConnectionAsync += Authenticate;
        await _server.StartAsync();
        log.LogInformation("MQTT: {Broker}, taking {Filter}", Describe, Telemetry.SensorTopic.TelemetryFilter);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _perSensor?.Dispose();
        if (_server is null) return;
        await _server.StopAsync(new MqttServerStopOptions());
        _server.Dispose();
    }

    private Task Authenticate(ValidatingConnectionEventArgs e)
    {
        var (identity, refusal) = _access.Authenticate(e.UserName, e.Password);
        if (identity is null)
        {
            e.ReasonCode = string.IsNullOrEmpty(e.UserName) ? MqttConnectReasonCode.NotAuthorized : MqttConnectReasonCode.BadUserNameOrPassword;
            log.LogWarning("MQTT: refused client {ClientId} from {Endpoint}: {Refusal}", e.ClientId, e.RemoteEndPoint, refusal);
            pipeline.Refuse(IngestSource.Mqtt, $"connect from {e.RemoteEndPoint}", e.UserName, [], new Rejection(RejectReason.Unauthenticated, "username", refusal!));
            return Task.CompletedTask;
        }
        e.SessionItems[IdentityItem] = identity;
        e.SessionItems[VersionItem] = e.ProtocolVersion;
        e.SessionItems[PendingItem] = new PendingAcks(); // a new connection: what the last one left unacknowledged is sent again
        return AssignMissingClientId(e);
    }

    // MQTT 3.1.1 lets a clean-session client (mosquitto_pub without -i) send an empty id for the broker to assign
    // [MQTT-3.1.3-6]; MQTTnet 5 assigns one only for MQTT 5 and refuses the rest, so the id is set on the packet.
    private static Task AssignMissingClientId(ValidatingConnectionEventArgs e)
    {
        if (!string.IsNullOrEmpty(e.ClientId)) return Task.CompletedTask;
        var id = $"anonymous-{Guid.NewGuid():N}";
        e.AssignedClientIdentifier = id;
        ConnectPacketOf(e).ClientId = id;
        return Task.CompletedTask;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_connectPacket")]
    private static extern ref MqttConnectPacket ConnectPacketOf(ValidatingConnectionEventArgs e);

    private async Task OnPublish(InterceptingPublishEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        var packetId = e.SessionItems[InboundItem] as ushort?;
        e.SessionItems.Remove(InboundItem); // taken once: a last will dispatched later has no packet of its own
        var identity = e.SessionItems[IdentityItem] as string;
        var forbidden = identity is null ? "the client never logged in" : DeviceAccess.Forbidden(identity, topic);
        if (forbidden is not null)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            log.LogWarning("MQTT: refused a publish by {ClientId}: {Forbidden}", e.ClientId, forbidden);
            pipeline.Refuse(IngestSource.Mqtt, topic, identity, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload), new Rejection(RejectReason.ForbiddenTopic, "topic", forbidden));
            return;
        }
        var isReport = topic.StartsWith(ReportIntake.Topic, StringComparison.Ordinal);
        if (!isReport && !topic.StartsWith("sensors/", StringComparison.Ordinal) && !topic.StartsWith(Forecasts.ForecastTopic.Prefix, StringComparison.Ordinal)) return;
        if (!isReport && _perSensor?.Take(topic) == false)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
            pipeline.CountRefused(IngestSource.Mqtt, RejectReason.RateLimited);
            return;
        }
        if (e.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtLeastOnce && packetId is { } id
            && e.SessionItems[PendingItem] is PendingAcks pending)
        {
            // The payload is copied: MQTTnet may reuse its buffer once this handler returns.
            await pending.Add(id, HandOff(topic, new System.Buffers.ReadOnlySequence<byte>(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload))));
            return;
        }
        if (!await HandOff(topic, e.ApplicationMessage.Payload))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.ImplementationSpecificError;
        }
    }

    // The packet identifier of the publish MQTTnet is about to dispatch (its application message does not carry it).
    private static Task OnInbound(InterceptingPacketEventArgs e)
    {
        if (e.Packet is MqttPublishPacket publish) e.SessionItems[InboundItem] = publish.PacketIdentifier;
        return Task.CompletedTask;
    }

    private async Task OnOutbound(InterceptingPacketEventArgs e)
    {
        if (e.Packet is not MqttPubAckPacket ack || e.SessionItems[PendingItem] is not PendingAcks pending || pending.Take(ack.PacketIdentifier) is not { } handOff) return;
        if (await handOff) return;
        if (e.SessionItems[VersionItem] is MqttProtocolVersion.V500)
        {
            ack.ReasonCode = MqttPubAckReasonCode.ImplementationSpecificError;
            return;
        }
        e.ProcessPacket = false;
        log.LogWarning("MQTT: closing {ClientId}'s connection without a PUBACK for packet {PacketId}: its reading was not taken and must be sent again", e.ClientId, ack.PacketIdentifier);
        _ = Task.Run(() => _server!.DisconnectClientAsync(e.ClientId, new MqttServerClientDisconnectOptions()));
    }

    private async Task<bool> HandOff(string topic, System.Buffers.ReadOnlySequence<byte> payload)
    {
        try
        {
            await MessageRouter.RouteAsync(pipeline, reports, topic, payload);
            return true;
        }
        catch (Exception ex)
        {
            // The grain or the silo failed: the sensor must not believe the reading was taken.
            log.LogError(ex, "Could not hand off a message on {Topic}", topic);
            return false;
        }
    }
}
