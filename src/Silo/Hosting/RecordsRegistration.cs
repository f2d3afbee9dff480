using Microsoft.Extensions.Options;
using Warning.Api.Audit;
using Warning.Publication.Outbox;
using Warning.Records.Audit;
using Warning.Records.Database;
using Warning.Records.Outbox;
using Warning.Records.PublicWarnings;
using Warning.Records.Recipients;
using Warning.Records.Silences;
using Warning.Records.Subscriptions;
using Warning.Records.Warnings;
using Warning.Silo.Configuration;

namespace Warning.Silo.Hosting;

public static class RecordsRegistration
{
    /// <summary>
    /// The records database (<c>Records:Provider</c>: SQLite under <c>Data:Dir</c>, or PostgreSQL shared by a cluster),
    /// migrated when first used — before any grain or endpoint reads it — with one store per kind of record.
    /// </summary>
    public static IServiceCollection AddWarningRecords(this IServiceCollection services, IConfiguration configuration, DataOptions data)
    {
        services.AddValidatedOptions<RecordsOptions>(configuration, RecordsOptions.Section);
        // SQLite is one silo's file: the silos of a cluster would each keep their own warnings, outbox and audit.
        services.AddSingleton<IValidateOptions<RecordsOptions>>(new ValidateOptions<RecordsOptions>(null,
            records => records.Provider == RecordsProviders.Postgres || configuration[$"{ClusterOptions.Section}:Provider"] != "redis",
            "Records:Provider (Records__Provider): a cluster (Cluster:Provider=redis) needs \"postgres\"; with \"sqlite\" every silo would keep its own records"));
        services.AddSingleton(sp =>
        {
            var database = new RecordsDatabase(sp.GetRequiredService<IOptions<RecordsOptions>>().Value, data.Dir, data.FlushToDisk, sp.GetRequiredService<ILoggerFactory>());
            try
            {
                database.Migrate().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
            {
                throw new InvalidOperationException(
                    $"Records: cannot open or migrate the {database.Provider} records database ({e.Message}); check Records:Provider and Records:ConnectionString (Records__ConnectionString)", e);
            }
            return database;
        });
        services.AddSingleton<WarningStore>();
        services.AddSingleton(sp => new OutboxStore(sp.GetRequiredService<RecordsDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<RecordsOptions>>().Value.LeaseFor));
        services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<OutboxStore>());
        services.AddSingleton<PublicWarningStore>();
        services.AddSingleton<RecipientStore>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<SilenceStore>();
        services.AddSingleton<Warning.Records.Areas.AreaStore>();
        services.AddSingleton<Warning.Records.Confirmations.ConfirmationStore>();
        services.AddSingleton<Warning.Records.Reports.ReportStore>();
        services.AddSingleton<Warning.Records.Reach.ReachStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<Warning.Records.Sensors.SensorStore>();
        services.AddSingleton<Warning.Records.GrainState.GrainStateStore>();
        services.AddSingleton<AuditLog>();
        return services;
    }
}
