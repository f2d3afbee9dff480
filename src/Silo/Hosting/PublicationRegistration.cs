using Microsoft.Extensions.Options;
using Warning.Records.Outbox;
using Warning.Publication;
using Warning.Publication.Cap;
using Warning.Publication.Channels;
using Warning.Publication.Confirmation;
using Warning.Publication.Outbox;
using Warning.Silo.Configuration;

namespace Warning.Silo.Hosting;

public static class PublicationRegistration
{
    /// <summary>
    /// Publication: one dispatcher per channel taking messages from the records database's outbox, and at start the
    /// messages this silo had leased before it stopped taken back; the sweeper of approvals, hand-overs and silences
    /// that fall due; and the authorities policy, who approves what.
    /// </summary>
    public static IServiceCollection AddWarningPublication(this IServiceCollection services, IConfiguration configuration, DataOptions data)
    {
        services.AddValidatedOptions<PublicationOptions>(configuration, PublicationOptions.Section);
        // The approval policy (config/authorities.yaml): validated with the options, loaded at start, reloaded on edit.
        services.AddSingleton(sp => Warning.Publication.Authorities.Authorities.From(sp.GetRequiredService<IOptions<PublicationOptions>>().Value));
        services.AddSingleton<Warning.Publication.Authorities.AuthoritiesWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Warning.Publication.Authorities.AuthoritiesWatcher>());
        // The signing certificate, loaded once at start (by PublicationStartup, after the options were validated).
        services.AddSingleton(sp => CapSigner.From(sp.GetRequiredService<IOptions<PublicationOptions>>().Value));
        services.AddValidatedOptions<ChannelsOptions>(configuration, ChannelsOptions.Section);
        // Call-and-response (叫应): links point at the API unless told otherwise; one key signs them across the cluster.
        services.AddValidatedOptions<ConfirmOptions>(configuration, ConfirmOptions.Section);
        services.PostConfigure<ConfirmOptions>(o => o.BaseUrl ??= configuration[$"{ApiOptions.Section}:Url"] ?? new ApiOptions().Url);
        services.AddSingleton(sp => new ConfirmationTokens(sp.GetRequiredService<IOptions<ConfirmOptions>>().Value.Key));
        // Simulated answers are for drills: an engine in earnest never answers for its officials.
        services.AddSingleton<IValidateOptions<ConfirmOptions>>(new ValidateOptions<ConfirmOptions>(null,
            o => o.Simulate is null || configuration.GetValue<bool>("Warnings:Exercise"),
            "Confirm:Simulate (Confirm__Simulate) answers for officials: only in a drill, with Warnings:Exercise=true"));
        if (configuration[$"{ConfirmOptions.Section}:Simulate"] is not null) services.AddHostedService<Warning.Silo.Drills.DrillAnswerer>();
        // Community reports (群测群防): the first report's deadline along the disaster information chain.
        services.AddValidatedOptions<Warning.Publication.Reports.ReportsOptions>(configuration, Warning.Publication.Reports.ReportsOptions.Section);
        services.AddHttpClient(ChannelDispatcher.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<PublicationStartup>();
        // After the silo (registered before this): it calls grains.
        services.AddHostedService<Warning.Grains.Sweeping.DueSweeper>();
        foreach (var channel in ChannelNames.All)
        {
            services.AddSingleton<IHostedService>(sp => new ChannelDispatcher(channel, sp.GetRequiredService<IOutbox>(),
                sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<ChannelsOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ChannelDispatcher>>()));
        }
        return services;
    }

    /// <summary>
    /// At start, before the dispatchers: what this silo had leased when it stopped goes out again at once. Taking the
    /// CAP signer loads its certificate now, not at the first request for CAP.
    /// </summary>
    private sealed class PublicationStartup(OutboxStore outbox, CapSigner signer, IOptions<ConfirmOptions> confirm, ILogger<PublicationStartup> log) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (signer.Signs) log.LogInformation("CAP messages are signed (Publication:SigningCertificate)");
            if (!ConfirmationTokens.Configured(confirm.Value))
                log.LogWarning("Confirm:Key (Confirm__Key) is not set: confirmation links and reply codes are made with a random key of this process and stop working after a restart or on another silo");
            var released = await outbox.ReleaseOwnLeases();
            if (released > 0) log.LogWarning("Outbox: {Count} messages this silo was sending when it stopped go out again", released);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
