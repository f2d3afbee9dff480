using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Api.Security;
using Warning.Api.Telemetry;
using Warning.Ingest.Forecasts;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Registry;
using Warning.Ingest.Telemetry;

namespace Warning.Api.Forecasts;

/// <summary>
/// <c>POST /api/forecasts</c>: a rainfall forecast issue for one gauge (<c>sensorId</c>) or for every rain gauge of a
/// village (<c>area</c>), the body of <c>forecasts/rain/{sensorId}</c> plus one of them. Machine input like telemetry
/// (role <c>ingest</c>); refused with the field that was wrong, counted and dead-lettered like telemetry.
/// </summary>
public static class ForecastsApi
{
    public static IEndpointRouteBuilder MapForecastsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/forecasts", Post)
            .RequireRole(ApiRoles.Ingest)
            .WithMetadata(new RequestSizeLimit(ForecastParser.MaxPayloadBytes));
        return app;
    }

    public static async Task<Results<Ok<IngestSummary>, BadRequest<ApiError>, NotFound<ApiError>>> Post(
        HttpRequest request, IngestPipeline pipeline, SensorRegistry registry, TimeProvider time, CancellationToken ct)
    {
        var origin = request.Path.Value ?? "";
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            return Refused(pipeline, origin, null, bytes, new Rejection(RejectReason.MalformedJson, "$", $"body is not valid JSON: {e.Message}"));
        }
        using (doc)
        {
            var root = doc.RootElement;
            var sensorId = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("sensorId", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var area = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("area", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (sensorId is null == area is null)
            {
                return Refused(pipeline, origin, sensorId, bytes, new Rejection(RejectReason.MissingField, "$.sensorId",
                    "give either sensorId (a rain gauge) or area (every rain gauge of that village), not both or neither"));
            }
            var (parsed, rejection) = ForecastParser.Parse(sensorId ?? "", root, "$", time.GetUtcNow());
            if (rejection is not null) return Refused(pipeline, origin, sensorId, bytes, rejection);

            IReadOnlyList<string> targets = sensorId is not null ? [sensorId]
                : registry.All.Where(d => d.Kind == "rain" && d.Areas.Contains(area!)).Select(d => d.Id).ToList();
            if (targets.Count == 0)
            {
                pipeline.CountReceived(IngestSource.Http);
                var r = pipeline.Refuse(IngestSource.Http, origin, null, bytes, new Rejection(RejectReason.UnknownSensor, "$.area", $"no rain gauge of the registry speaks for area \"{area}\""));
                return TypedResults.NotFound(new ApiError(r.Rejection!.Error, r.Rejection.Field));
            }
            var summary = new IngestSummary();
            foreach (var target in targets) summary.Add(await pipeline.SubmitForecastAsync(IngestSource.Http, origin, parsed! with { SensorId = target }));
            if (sensorId is not null && summary.Rejected is [var refused]) return TypedResults.BadRequest(new ApiError(refused.Error, refused.Field));
            return TypedResults.Ok(summary);
        }
    }

    private static BadRequest<ApiError> Refused(IngestPipeline pipeline, string origin, string? sensorId, byte[] body, Rejection rejection)
    {
        pipeline.CountReceived(IngestSource.Http);
        pipeline.Refuse(IngestSource.Http, origin, sensorId, body, rejection);
        return TypedResults.BadRequest(new ApiError(rejection.Error, rejection.Field));
    }
}
