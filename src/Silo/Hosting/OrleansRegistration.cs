using System.Net;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using StackExchange.Redis;
using Warning.Grains.Persistence;
using Warning.Silo.Configuration;

namespace Warning.Silo.Hosting;

public static class OrleansRegistration
{
    /// <summary>
    /// The Orleans silo. <c>localhost</c>: one process, grain state as files under <c>{Data:Dir}/grains</c>.
    /// <c>redis</c>: membership, grain state (as JSON) and reminders in Redis, so several silos form one cluster and
    /// any of them can take over a grain whose silo died.
    /// </summary>
    public static WebApplicationBuilder AddWarningSilo(this WebApplicationBuilder builder, DataOptions data)
    {
        builder.Services.AddValidatedOptions<Configuration.ClusterOptions>(builder.Configuration, Configuration.ClusterOptions.Section);
        var cluster = builder.Configuration.GetSection(Configuration.ClusterOptions.Section).Get<Configuration.ClusterOptions>() ?? new Configuration.ClusterOptions();
        builder.UseOrleans(silo =>
        {
            if (cluster.IsRedis && !string.IsNullOrWhiteSpace(cluster.Redis)) UseRedis(silo, cluster);
            else UseLocalhost(silo, cluster, data);
            // In-memory streams with a hand-off cache (LiveStreamAdapterFactory: the memory provider's pooled cache kept
            // every warning change of a storm on the heap) and one queue: there is one stream, so the other queues' pulling
            // agents only polled empty queues. The agent looks for new events every 5 ms instead of 100 ms, which would add
            // a tenth of a second to every warning on the live feed.
            silo.AddPersistentStreams(Warning.Grains.Live.LiveStreams.Provider, LiveStreamAdapterFactory.Create, streams =>
            {
                streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(5)));
                streams.Configure<Orleans.Configuration.HashRingStreamQueueMapperOptions>(o => o.Configure(q => q.TotalQueueCount = 1));
            });
        });
        // After the silo: it sends on the live stream what the warning grains stored, in batches.
        builder.Services.AddSingleton<Warning.Grains.Live.LiveAnnouncer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Warning.Grains.Live.LiveAnnouncer>());
        return builder;
    }

    private static void UseLocalhost(ISiloBuilder silo, Configuration.ClusterOptions cluster, DataOptions data)
    {
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
        // Grain state in the records database: its writes join the group commit (a storm's sensor writes share syncs).
        silo.Services.AddGrainStorage(Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            (sp, _) => (IGrainStorage)new RecordsGrainStorage(sp.GetRequiredService<Warning.Records.GrainState.GrainStateStore>()));
        // Live subscriptions are per process and die with it, so their bookkeeping needs no disk.
        silo.AddMemoryGrainStorage("PubSubStore");
    }

    private static void UseRedis(ISiloBuilder silo, Configuration.ClusterOptions cluster)
    {
        if (cluster.Kubernetes)
        {
            silo.UseKubernetesHosting();
        }
        else
        {
            silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedIp), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }
        silo.UseRedisClustering(cluster.Redis!);
        silo.AddRedisGrainStorageAsDefault(o =>
        {
            o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis!);
            o.GrainStorageSerializer = new StateJsonSerializer();
        });
        // The live-feed subscriptions outlive a silo in a cluster: the rendezvous grain may move.
        silo.AddRedisGrainStorage("PubSubStore", o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis!));
        silo.UseRedisReminderService(o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis!));
    }
}
