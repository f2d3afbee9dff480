using Warning.Silo.Configuration;
using Warning.Storage.Influx;
using Warning.Storage.Spool;

namespace Warning.Silo.Hosting;

public static class StorageRegistration
{
    /// <summary>InfluxDB writing (batched, spooled under <c>{Data:Dir}/spool</c>) and reading.</summary>
    public static IServiceCollection AddWarningStorage(this IServiceCollection services, IConfiguration configuration, DataOptions data)
    {
        services.AddValidatedOptions<InfluxOptions>(configuration, InfluxOptions.Section);
        services.AddHttpClient<InfluxClient>(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<StorageMetrics>();
        if (configuration.GetValue($"{InfluxOptions.Section}:Enabled", true) is false)
        {
            services.AddSingleton<IReadingSink, DiscardingSink>();
            return services;
        }
        services.AddSingleton(new ReadingLog(data.PathOf("spool")));
        services.AddSingleton<InfluxWriter>();
        services.AddSingleton<IReadingSink>(sp => sp.GetRequiredService<InfluxWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<InfluxWriter>());
        return services;
    }
}
