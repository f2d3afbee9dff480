using Warning.Ingest.Rabbit;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Tests.Rabbit;

/// <summary>Topics as RabbitMQ's MQTT plugin routes them: slashes and dots swap, a filter's + is AMQP's *.</summary>
public sealed class RabbitTopicTests
{
    [Theory]
    [InlineData("sensors.rain.QA-RAIN-01.telemetry", "sensors/rain/QA-RAIN-01/telemetry")]
    [InlineData("sensors.rain.GAUGE/1.2.status", "sensors/rain/GAUGE.1/2/status")]
    public void A_routing_key_is_the_devices_topic_with_slashes_and_dots_swapped(string routingKey, string topic)
    {
        Assert.Equal(topic, RabbitTopic.ToMqtt(routingKey));
        Assert.Equal(routingKey, RabbitTopic.ToRoutingKey(topic));
    }

    [Fact]
    public void The_engines_filters_bind_as_amqp_patterns()
    {
        Assert.Equal("sensors.*.*.telemetry", RabbitTopic.BindingOf(SensorTopic.TelemetryFilter));
        Assert.Equal("sensors.*.*.status", RabbitTopic.BindingOf(SensorTopic.StatusFilter));
        Assert.Equal("sensors.#", RabbitTopic.BindingOf("sensors/#"));
    }
}
