using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Warning.Silo.Hosting;

/// <summary>
/// Memory streams for the live feed with a cache that lets go of an event once every consumer has it. The memory
/// provider's own cache copies each event into 1 MB blocks it keeps for at least <c>DataMinTimeInCache</c> (5 min)
/// and then returns to a pool that never shrinks: a storm's warning changes (all on one stream, so one queue) stayed
/// on the heap for good. The live feed never rewinds, so a cache that is only a hand-off is enough.
/// </summary>
public sealed class LiveStreamAdapterFactory : MemoryAdapterFactory<DefaultMemoryMessageBodySerializer>, IQueueAdapterFactory
{
    private readonly SimpleQueueAdapterCache _cache;

    public LiveStreamAdapterFactory(string providerName, StreamCacheEvictionOptions cacheOptions, StreamStatisticOptions statisticOptions,
        HashRingStreamQueueMapperOptions queueMapperOptions, SimpleQueueCacheOptions simpleCacheOptions, IServiceProvider serviceProvider,
        IGrainFactory grainFactory, ILoggerFactory loggerFactory)
        : base(providerName, cacheOptions, statisticOptions, queueMapperOptions, serviceProvider, grainFactory, loggerFactory)
    {
        _cache = new SimpleQueueAdapterCache(simpleCacheOptions, providerName, loggerFactory);
    }

    IQueueAdapterCache IQueueAdapterFactory.GetQueueAdapterCache() => _cache;

    public static new LiveStreamAdapterFactory Create(IServiceProvider services, string name)
    {
        var factory = ActivatorUtilities.CreateInstance<LiveStreamAdapterFactory>(services, name,
            services.GetOptionsByName<StreamCacheEvictionOptions>(name), services.GetOptionsByName<StreamStatisticOptions>(name),
            services.GetOptionsByName<HashRingStreamQueueMapperOptions>(name), services.GetOptionsByName<SimpleQueueCacheOptions>(name));
        factory.Init();
        return factory;
    }
}
