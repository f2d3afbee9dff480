using Warning.Silo.Configuration;
using Warning.Storage.Influx;
using Warning.Storage.Rollups;
using Warning.Storage.Spool;

namespace Warning.Silo.Hosting;

public static class StorageRegistration
{
    /// <summary>
    /// InfluxDB writing (batched, spooled under <c>{Data:Dir}/spool</c>) and reading; its retention policies and
    /// continuous queries (ensured by the writer at start) and the rollup job.
    /// </summary>
    public static IServiceCollection AddWarningStorage(this IServiceCollection services, IConfiguration configuration, DataOptions data)
    {
        services.AddValidatedOptions<InfluxOptions>(configuration, InfluxOptions.Section);
        services.AddHttpClient<InfluxClient>(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<StorageMetrics>();
        services.AddSingleton<InfluxSchema>();
        services.AddSingleton<RollupRunner>();
        if (configuration.GetValue($"{InfluxOptions.Section}:Enabled", true) is false)
        {
            services.AddSingleton<IReadingSink, DiscardingSink>();
            return services;
        }
        services.AddSingleton<TouchedHours>();
        if (configuration.GetValue($"{InfluxOptions.Section}:ApiVersion", "v1") != "v2")
        {
            // Before the writer: hosted services stop in reverse order, so the job's last run sees the writer's last batches.
            services.AddSingleton<RollupJob>();
            services.AddHostedService(sp => sp.GetRequiredService<RollupJob>());
        }
        services.AddSingleton(new ReadingLog(data.PathOf("spool")));
        services.AddSingleton<InfluxWriter>();
        services.AddSingleton<IReadingSink>(sp => sp.GetRequiredService<InfluxWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<InfluxWriter>());
        return services;
    }
}
