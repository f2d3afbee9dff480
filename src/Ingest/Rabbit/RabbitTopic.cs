namespace Warning.Ingest.Rabbit;

/// <summary>
/// MQTT topics as RabbitMQ's MQTT plugin routes them: <c>/</c> and <c>.</c> swap places (<c>sensors/rain/X/telemetry</c>
/// is the routing key <c>sensors.rain.X.telemetry</c>), and a filter's <c>+</c> is AMQP's <c>*</c>.
/// </summary>
public static class RabbitTopic
{
    /// <summary>The MQTT topic a device published to, from the routing key the plugin gave its message.</summary>
    public static string ToMqtt(string routingKey) => Swap(routingKey);

    /// <summary>The routing key of an MQTT topic.</summary>
    public static string ToRoutingKey(string topic) => Swap(topic);

    /// <summary>The AMQP binding key of an MQTT topic filter (<c>sensors/+/+/telemetry</c> → <c>sensors.*.*.telemetry</c>).</summary>
    public static string BindingOf(string mqttFilter) => string.Join('.', Swap(mqttFilter).Split('.').Select(part => part == "+" ? "*" : part));

    private static string Swap(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
            span[i] = source[i] switch { '/' => '.', '.' => '/', var c => c };
    });
}
