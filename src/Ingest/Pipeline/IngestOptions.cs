using System.ComponentModel.DataAnnotations;

namespace Warning.Ingest.Pipeline;

/// <summary>
/// The <c>Ingest</c> config section: which broker devices speak MQTT to and the engine takes readings from.
/// <c>embedded</c> (one engine, the default), <c>mosquitto</c> (an external mosquitto, <c>Mqtt:ExternalBroker</c>,
/// shared subscription) or <c>rabbitmq</c> (RabbitMQ's MQTT plugin into one quorum queue every silo consumes,
/// <c>Rabbit:*</c>). Unset: <c>mosquitto</c> when <c>Mqtt:ExternalBroker</c> is set, else <c>embedded</c>.
/// </summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    public const string Embedded = "embedded";
    public const string Mosquitto = "mosquitto";
    public const string RabbitMq = "rabbitmq";

    [RegularExpression("^(embedded|mosquitto|rabbitmq)$", ErrorMessage = "expected embedded, mosquitto or rabbitmq")]
    public string? Broker { get; set; }

    /// <summary>The broker in force: <see cref="Broker"/>, or what <c>Mqtt:ExternalBroker</c> implies when it is unset.</summary>
    public string Resolve(bool externalBrokerSet) => Broker ?? (externalBrokerSet ? Mosquitto : Embedded);
}
