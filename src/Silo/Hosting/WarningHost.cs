using System.Text.Json.Serialization;
using OpenTelemetry.Metrics;
using Warning.Api;
using Warning.Api.Audit;
using Warning.Api.Docs;
using Warning.Api.Operations;
using Warning.Api.Security;
using Warning.Api.Telemetry;
using Warning.Ingest.Pipeline;
using Warning.Silo.Configuration;
using Warning.Storage.Influx;

namespace Warning.Silo.Hosting;

/// <summary>The engine in one process: Orleans silo, ingest (broker + HTTP), storage, and the API.</summary>
public static class WarningHost
{
    /// <summary>
    /// Two loops hold a pool thread while the disk syncs — the reading log's flush and the records' commit — and a storm
    /// keeps both busy. On 2 cores the thread pool starts with 2 threads and adds more only slowly, so grains waited for
    /// a thread while the CPU idled (the storm bench: 1.1 of 2 cores busy, 1,850–1,980 readings/s; with 32 threads
    /// ready, 1.7 cores and 2,190/s).
    /// </summary>
    public const int MinPoolThreads = 32;

    private static void KeepThreadsForBlockingSyncs()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < MinPoolThreads) ThreadPool.SetMinThreads(MinPoolThreads, io);
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        Warning.Silo.Configuration.IsoDurationConverter.Register();
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        KeepThreadsForBlockingSyncs();

        // Silos of a cluster split the broker's messages; a single engine keeps a plain subscription (see MqttOptions.ShareGroup).
        if (builder.Configuration["Cluster:Provider"] == "redis") builder.Configuration["Mqtt:ShareGroup"] ??= "warning";
        var data = builder.Configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new DataOptions();
        var api = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        builder.WebHost.UseUrls(api.Url);
        builder.Services.AddValidatedOptions<ApiOptions>(builder.Configuration, ApiOptions.Section);
        builder.Services.AddValidatedOptions<DataOptions>(builder.Configuration, DataOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never);

        builder.Services.AddWarningRecords(builder.Configuration, data);
        // Storage before the silo: hosted services stop in reverse order, so the reading log still takes the points of
        // grains that finish their last readings while the silo deactivates them.
        builder.Services.AddWarningStorage(builder.Configuration, data);
        builder.AddWarningSilo(data);
        builder.Services.AddValidatedOptions<Warning.Grains.Warnings.WarningsOptions>(builder.Configuration, Warning.Grains.Warnings.WarningsOptions.Section);
        builder.Services.AddValidatedOptions<Warning.Grains.Sensors.SensorOptions>(builder.Configuration, Warning.Grains.Sensors.SensorOptions.Section);
        builder.Services
            .AddWarningIngest(builder.Configuration, data)
            .AddWarningPublication(builder.Configuration, data);
        builder.Services.AddValidatedOptions<Warning.Api.Telemetry.IngestRateOptions>(builder.Configuration, Warning.Api.Telemetry.IngestRateOptions.Section);
        builder.Services.AddIngestRateLimits();
        builder.Services.AddValidatedOptions<ApiAuthOptions>(builder.Configuration, ApiAuthOptions.Section);
        builder.Services.AddValidatedOptions<RequestLimitOptions>(builder.Configuration, RequestLimitOptions.Section);
        builder.Services.AddApiAuth().AddErrorBodies();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<Warning.Api.Live.LiveFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Warning.Api.Live.LiveFeed>());
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(IngestMetrics.MeterName, StorageMetrics.MeterName, Warning.Publication.Channels.ChannelDispatcher.MeterName,
                Warning.Records.Database.RecordsWriter.MeterName)
            .AddPrometheusExporter());

        var app = builder.Build();
        app.UseErrorBodies();
        app.UseRouting();
        app.UseMiddleware<RequestLimitMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<AuditMiddleware>();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapWarningApi();
        app.MapPrometheusScrapingEndpoint().AllowAnonymous();
        // The API's description (OpenAPI 3) for integrators: what the endpoints are, not what they hold.
        app.MapOpenApi().AllowAnonymous();
        // …and the same, browsable (/docs), served by the engine itself.
        app.MapApiReferencePage();
        return app;
    }
}
