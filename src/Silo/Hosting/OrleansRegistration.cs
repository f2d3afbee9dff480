using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Warning.Grains.Persistence;
using Warning.Silo.Configuration;

namespace Warning.Silo.Hosting;

public static class OrleansRegistration
{
    /// <summary>The Orleans silo: localhost clustering, grain state as files under <c>{Data:Dir}/grains</c>.</summary>
    public static WebApplicationBuilder AddWarningSilo(this WebApplicationBuilder builder, DataOptions data)
    {
        builder.Services.AddValidatedOptions<ClusterOptions>(builder.Configuration, ClusterOptions.Section);
        var cluster = builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
            silo.Services.AddGrainStorage(Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                (_, _) => (IGrainStorage)new FileGrainStorage(data.PathOf("grains"), data.FlushToDisk));
            // Live subscriptions are per process and die with it, so their bookkeeping needs no disk.
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddMemoryStreams(Warning.Grains.Live.LiveStreams.Provider);
        });
        return builder;
    }
}
