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

    public const string Durable = "durable";
    public const string Evaluated = "evaluated";

    /// <summary>
    /// When a broker's reading is acknowledged (PUBACK, queue ack): <c>durable</c> (the default) once it is in the
    /// silo's reading log — its sensor grain evaluates it right after, from a queue, and a crash before that evaluates it
    /// again from the log at the next start, so a storm's red readings do not hold up the devices publishing them;
    /// <c>evaluated</c> once its grain evaluated it as well (a replay through MQTT, whose report depends on the order
    /// of different sensors' readings). HTTP readings are always answered with their evaluation.
    /// </summary>
    [RegularExpression("^(durable|evaluated)$", ErrorMessage = "expected durable or evaluated")]
    public string Acknowledge { get; set; } = Durable;

    /// <summary>Readings acknowledged and waiting for evaluation, at most; past it the next acknowledgement waits (back-pressure to the broker).</summary>
    [Range(1, 10_000_000)]
    public int EvaluationQueue { get; set; } = 20_000;

    /// <summary>Queued readings handed to their grains at once.</summary>
    [Range(1, 100_000)]
    public int EvaluationConcurrency { get; set; } = 256;

    /// <summary>The broker in force: <see cref="Broker"/>, or what <c>Mqtt:ExternalBroker</c> implies when it is unset.</summary>
    public string Resolve(bool externalBrokerSet) => Broker ?? (externalBrokerSet ? Mosquitto : Embedded);
}
