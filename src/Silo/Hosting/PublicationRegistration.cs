using Microsoft.Extensions.Options;
using Warning.Grains.Publication;
using Warning.Grains.Warnings;
using Warning.Publication;
using Warning.Publication.Channels;
using Warning.Publication.Outbox;
using Warning.Silo.Configuration;

namespace Warning.Silo.Hosting;

public static class PublicationRegistration
{
    /// <summary>
    /// Publication: the durable outbox under <c>{Data:Dir}/outbox</c>, one dispatcher per channel, and at start the
    /// hand-over of warning changes a crash left unpublished.
    /// </summary>
    public static IServiceCollection AddWarningPublication(this IServiceCollection services, IConfiguration configuration, DataOptions data)
    {
        services.AddValidatedOptions<PublicationOptions>(configuration, PublicationOptions.Section);
        services.AddValidatedOptions<ChannelsOptions>(configuration, ChannelsOptions.Section);
        services.AddHttpClient(ChannelDispatcher.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => new PublicationOutbox(data.PathOf("outbox"), data.FlushToDisk,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PublicationOutbox>>()));
        services.AddHostedService<PublicationStartup>();
        foreach (var channel in ChannelNames.All)
        {
            services.AddSingleton<IHostedService>(sp => new ChannelDispatcher(channel, sp.GetRequiredService<PublicationOutbox>(),
                sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<ChannelsOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ChannelDispatcher>>()));
        }
        return services;
    }

    /// <summary>Runs once the silo is up: re-hands unpublished warning changes over, and wakes the silence book's timer.</summary>
    private sealed class PublicationStartup(IGrainFactory grains) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await grains.GetGrain<IWarningBookGrain>(IWarningBookGrain.DefaultKey).Resume();
            await grains.GetGrain<ISilenceBookGrain>(ISilenceBookGrain.DefaultKey).List();
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
