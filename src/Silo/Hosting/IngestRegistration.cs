using Warning.Ingest.DeadLetters;
using Warning.Ingest.Liveness;
using Warning.Ingest.Mqtt;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Registry;
using Warning.Silo.Configuration;

namespace Warning.Silo.Hosting;

public static class IngestRegistration
{
    /// <summary>The registry, the ingest pipeline, dead letters, and the embedded broker or the external subscriber.</summary>
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
        services.AddHostedService<RegistryWatcher>();

        var mqtt = configuration.GetSection(MqttOptions.Section).Get<MqttOptions>() ?? new MqttOptions();
        if (mqtt.UsesExternalBroker)
        {
            services.AddSingleton<ExternalBrokerSubscriber>();
            services.AddSingleton<IBrokerHealth>(sp => sp.GetRequiredService<ExternalBrokerSubscriber>());
            services.AddHostedService(sp => sp.GetRequiredService<ExternalBrokerSubscriber>());
        }
        else
        {
            services.AddSingleton<EmbeddedBroker>();
            services.AddSingleton<IBrokerHealth>(sp => sp.GetRequiredService<EmbeddedBroker>());
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        }
        return services;
    }
}
