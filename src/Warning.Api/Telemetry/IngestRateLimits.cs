using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Warning.Api.Operations;
using Warning.Ingest.Pipeline;

namespace Warning.Api.Telemetry;

/// <summary>
/// ASP.NET Core rate limiting on HTTP ingestion only, per sensor and per client address (<see cref="IngestRateOptions"/>);
/// a refused request is answered 429 with the contract's error body and counted as rejected (<c>rate-limited</c>),
/// without a dead letter each: a flood must not turn into a flood of disk writes.
/// </summary>
public static class IngestRateLimits
{
    public const string Reason = Warning.Ingest.Telemetry.RejectReason.RateLimited;

    public static IServiceCollection AddIngestRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, SensorOf(http), o => o.IngestPerSensorPerSecond)),
                PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, http.Connection.RemoteIpAddress?.ToString(), o => o.IngestPerClientPerSecond)));
            limiter.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                http.RequestServices.GetRequiredService<IngestPipeline>().CountRefused(IngestSource.Http, Reason);
                await http.Response.WriteAsJsonAsync(new ApiError(
                    $"too many requests for sensor \"{SensorOf(http)}\" or from {http.Connection.RemoteIpAddress}; slow down and send readings in arrays", "$"), ct);
            };
        });

    private static RateLimitPartition<string> Partition(HttpContext http, string? key, Func<IngestRateOptions, int> perSecond)
    {
        if (key is null || SensorOf(http) is null) return RateLimitPartition.GetNoLimiter("");
        var rate = perSecond(http.RequestServices.GetRequiredService<IOptions<IngestRateOptions>>().Value);
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = rate * 10,
            TokensPerPeriod = rate,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    // POST /api/sensors/{id}/telemetry, read from the path: the limiter runs before routing.
    private static string? SensorOf(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method)) return null;
        var parts = (http.Request.Path.Value ?? "").Split('/');
        return parts is ["", "api", "sensors", { Length: > 0 } id, "telemetry"] ? id : null;
    }
}
