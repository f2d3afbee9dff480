using Microsoft.Extensions.Options;
using Warning.Silo.Hosting;
using Warning.Silo.Tests.Infrastructure;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Configuration;

/// <summary>A bad choice of broker, or a RabbitMQ setting it needs that is missing or wrong, stops the start naming the key and its environment form.</summary>
public sealed class IngestOptionsValidationTests
{
    [Theory]
    [InlineData(new[] { "--Ingest:Broker=kafka" }, "Ingest:Broker (env Ingest__Broker)")]
    [InlineData(new[] { "--Ingest:Broker=rabbitmq" }, "Rabbit:Url (env Rabbit__Url)")]
    [InlineData(new[] { "--Ingest:Broker=rabbitmq", "--Rabbit:Url=http://127.0.0.1:5672/" }, "Rabbit:Url (env Rabbit__Url)")]
    [InlineData(new[] { "--Ingest:Broker=rabbitmq", "--Rabbit:Url=amqp://u:p@127.0.0.1:5672/", "--Rabbit:Prefetch=0" }, "Rabbit:Prefetch (env Rabbit__Prefetch)")]
    [InlineData(new[] { "--Ingest:Broker=rabbitmq", "--Rabbit:Url=amqp://u:p@127.0.0.1:5672/", "--Rabbit:Queue=two words" }, "Rabbit:Queue (env Rabbit__Queue)")]
    [InlineData(new[] { "--Ingest:Broker=mosquitto" }, "Mqtt:ExternalBroker (Mqtt__ExternalBroker)")]
    [InlineData(new[] { "--Ingest:Broker=rabbitmq", "--Rabbit:Url=amqp://u:p@127.0.0.1:5672/", "--Rabbit:Heartbeat=00:00:00" }, "Rabbit:Heartbeat (env Rabbit__Heartbeat)")]
    public async Task A_bad_ingest_setting_stops_the_start_naming_the_key(string[] settings, string named)
    {
        var dir = Directory.CreateTempSubdirectory("warning-options-").FullName;
        var args = Engine.Arguments(FreePort.Next(), FreePort.Next(), "http://127.0.0.1:9", dir, Path.Combine(dir, "sensors.yaml"));
        await using var app = WarningHost.Build([.. args, .. settings]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(named, error.Message);
        Directory.Delete(dir, recursive: true);
    }
}
