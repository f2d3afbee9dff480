using Microsoft.Extensions.Options;
using Warning.Ingest.DeadLetters;
using Warning.Ingest.Liveness;
using Warning.Ingest.Mqtt;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Rabbit;
using Warning.Ingest.Registry;
using Warning.Silo.Configuration;

namespace Warning.Silo.Hosting;

public static class IngestRegistration
{
    /// <summary>The registry, the ingest pipeline, dead letters, and the embedded broker, the mosquitto subscriber or the RabbitMQ consumer (<c>Ingest:Broker</c>).</summary>
    public static IServiceCollection AddWarningIngest(this IServiceCollection services, IConfiguration configuration, DataOptions data)
    {
        services.AddValidatedOptions<RegistryOptions>(configuration, RegistryOptions.Section);
        services.AddValidatedOptions<MqttOptions>(configuration, MqttOptions.Section);
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton(new DeadLetterStore(data.PathOf()));
        services.AddSingleton(sp => new SensorRegistry(
            configuration[$"{RegistryOptions.Section}:File"] ?? new RegistryOptions().File,
            sp.GetRequiredService<Warning.Records.Sensors.SensorStore>(),
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<ILogger<SensorRegistry>>()));
        services.AddValidatedOptions<Warning.Grains.Sensors.LivenessOptions>(configuration, Warning.Grains.Sensors.LivenessOptions.Section);
        services.AddSingleton<SensorWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<SensorWatch>());
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<Warning.Ingest.Reports.ReportFuser>();
        services.AddSingleton<Warning.Ingest.Reports.ReportIntake>();
        services.AddHostedService<RegistryWatcher>();

        services.AddValidatedOptions<IngestOptions>(configuration, IngestOptions.Section);
        // Before the brokers: hosted services stop in reverse order, so no broker hands on a reading once these stopped.
        services.AddHostedService(sp => new EvaluationWorkers(sp.GetRequiredService<IngestPipeline>(), sp.GetRequiredService<IngestMetrics>(), sp.GetRequiredService<IOptions<IngestOptions>>(),
            sp.GetRequiredService<ILogger<EvaluationWorkers>>(), sp.GetService<Warning.Storage.Spool.ReadingLog>()));
        var mqtt = configuration.GetSection(MqttOptions.Section).Get<MqttOptions>() ?? new MqttOptions();
        var broker = (configuration.GetSection(IngestOptions.Section).Get<IngestOptions>() ?? new IngestOptions()).Resolve(mqtt.UsesExternalBroker);
        switch (broker)
        {
            case IngestOptions.RabbitMq:
                services.AddValidatedOptions<RabbitOptions>(configuration, RabbitOptions.Section);
                services.AddSingleton<RabbitConsumer>();
                services.AddSingleton<IBrokerHealth>(sp => sp.GetRequiredService<RabbitConsumer>());
                services.AddHostedService(sp => sp.GetRequiredService<RabbitConsumer>());
                break;
            case IngestOptions.Mosquitto:
                services.AddSingleton<IValidateOptions<MqttOptions>>(new ValidateOptions<MqttOptions>(null, o => o.UsesExternalBroker,
                    "Mqtt:ExternalBroker (Mqtt__ExternalBroker) is required with Ingest:Broker=mosquitto, e.g. 127.0.0.1:1883"));
                services.AddSingleton<ExternalBrokerSubscriber>();
                services.AddSingleton<IBrokerHealth>(sp => sp.GetRequiredService<ExternalBrokerSubscriber>());
                services.AddHostedService(sp => sp.GetRequiredService<ExternalBrokerSubscriber>());
                break;
            default:
                services.AddSingleton<EmbeddedBroker>();
                services.AddSingleton<IBrokerHealth>(sp => sp.GetRequiredService<EmbeddedBroker>());
                services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
                break;
        }
        return services;
    }
}
