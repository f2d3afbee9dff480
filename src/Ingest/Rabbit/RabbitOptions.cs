using System.ComponentModel.DataAnnotations;

namespace Warning.Ingest.Rabbit;

/// <summary>
/// The <c>Rabbit</c> config section, read with <c>Ingest:Broker=rabbitmq</c>: where the silos consume the readings
/// RabbitMQ's MQTT plugin routes to <c>amq.topic</c>.
/// </summary>
public sealed class RabbitOptions : IValidatableObject
{
    public const string Section = "Rabbit";

    /// <summary>AMQP URI with the engine's login and virtual host, e.g. <c>amqp://warning-engine:SECRET@rabbitmq:5672/</c>.</summary>
    [Required(ErrorMessage = "is required with Ingest:Broker=rabbitmq, e.g. amqp://warning-engine:SECRET@127.0.0.1:5672/")]
    public string? Url { get; set; }

    /// <summary>The quorum queue every silo consumes (declared and bound at start when missing). Default <c>warning-ingest</c>.</summary>
    [RegularExpression("^[A-Za-z0-9_.:-]{1,200}$")]
    public string Queue { get; set; } = "warning-ingest";

    /// <summary>The exchange the MQTT plugin publishes to (<c>mqtt.exchange</c>). Default <c>amq.topic</c>.</summary>
    [RegularExpression("^[A-Za-z0-9_.:-]{1,200}$")]
    public string Exchange { get; set; } = "amq.topic";

    /// <summary>Messages in hand per silo before RabbitMQ waits for acknowledgements (AMQP prefetch). Default 1000.</summary>
    [Range(1, 65535)]
    public int Prefetch { get; set; } = 1000;

    /// <summary>How long a silo that is stopping waits for the readings in hand to be handed off and acknowledged before it closes (the rest go back to the queue). Default 5 s.</summary>
    public TimeSpan DrainFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// AMQP heartbeat: a silo whose node vanished without closing its connection (power, network) is given up by
    /// RabbitMQ — and its messages requeued — after about twice this. Default 5 s.
    /// </summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is not null && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps")))
            yield return new ValidationResult("must be an amqp:// or amqps:// URI such as amqp://warning-engine:SECRET@127.0.0.1:5672/", [nameof(Url)]);
        if (DrainFor < TimeSpan.Zero || DrainFor > TimeSpan.FromMinutes(5))
            yield return new ValidationResult("must be between 0 and 5 minutes", [nameof(DrainFor)]);
        if (Heartbeat < TimeSpan.FromSeconds(1) || Heartbeat > TimeSpan.FromMinutes(5))
            yield return new ValidationResult("must be between 1 second and 5 minutes", [nameof(Heartbeat)]);
    }
}
