using Warning.Records.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Grains.Warnings;
using Warning.Ingest.Mqtt;
using Warning.Storage.Influx;

namespace Warning.Api.Operations;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: cluster, broker and storage all answer.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous();
        app.MapGet("/readyz", Ready).AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<Readiness>, JsonHttpResult<Readiness>>> Ready(
        IGrainFactory grains, WarningStore records, IBrokerHealth broker, InfluxClient influx, Microsoft.Extensions.Options.IOptions<InfluxOptions> storage, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        var cluster = await Probe(async () => await grains.GetGrain<IWarningGrain>("readyz").Get() is null);
        var recorded = await Probe(async () => await records.GetVisible("readyz") is null);
        var stored = !storage.Value.Enabled || await Probe(() => influx.PingAsync(timeout.Token));
        var readiness = new Readiness(cluster && recorded && broker.IsReady && stored, cluster, broker.IsReady, broker.Describe, stored, recorded);
        return readiness.Ready ? TypedResults.Ok(readiness) : TypedResults.Json(readiness, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<bool> Probe(Func<Task<bool>> check)
    {
        try
        {
            return await check();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }
}
