using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Grains.Telemetry;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Registry;
using Warning.Ingest.Telemetry;
using Warning.Storage.Influx;
using Warning.Api.Security;

namespace Warning.Api.Telemetry;

/// <summary>
/// <c>/api/sensors/{id}/telemetry</c>: HTTP ingestion for gateways that cannot speak MQTT (one payload or an array),
/// and the stored series read back from InfluxDB.
/// </summary>
public static class TelemetryApi
{
    /// <summary>Largest HTTP body taken: an array of up to 1000 full-size payloads.</summary>
    public const int MaxBodyBytes = 1000 * TelemetryLimits.MaxPayloadBytes;

    public static IEndpointRouteBuilder MapTelemetryApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sensors/{id}/telemetry", Post)
            .RequireAuthorization(ApiAuthorization.Telemetry)
            .WithMetadata(new RequestSizeLimit(MaxBodyBytes));
        app.MapGet("/api/sensors/{id}/telemetry", Query);
        return app;
    }

    public static async Task<Results<Ok<IngestSummary>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> Post(string id, HttpRequest request, IngestPipeline pipeline, CancellationToken ct)
    {
        var origin = request.Path.Value ?? "";
        if (request.HttpContext.User.FindFirst(ApiClaims.Sensor)?.Value is { } device && device != id)
        {
            pipeline.CountReceived(IngestSource.Http);
            var r = pipeline.Refuse(IngestSource.Http, origin, id, [],
                new Rejection(RejectReason.ForbiddenTopic, "id", $"device \"{device}\" may post telemetry only for itself, not for \"{id}\""));
            return TypedResults.Json(new ApiError(r.Rejection!.Error, r.Rejection.Field), statusCode: StatusCodes.Status403Forbidden);
        }
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            pipeline.CountReceived(IngestSource.Http);
            var r = pipeline.Refuse(IngestSource.Http, origin, id, buffer.GetBuffer().AsSpan(0, Math.Min(1024, (int)buffer.Length)),
                new Rejection(RejectReason.Oversize, "$", $"body is over {MaxBodyBytes} bytes; at most {MaxBodyBytes} are taken"));
            return TypedResults.Json(new ApiError(r.Rejection!.Error, r.Rejection.Field), statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            pipeline.CountReceived(IngestSource.Http);
            var r = await pipeline.SubmitAsync(IngestSource.Http, origin, id, null, bytes);
            return TypedResults.BadRequest(new ApiError(r.Rejection!.Error, r.Rejection.Field));
        }

        using (doc)
        {
            var items = doc.RootElement.ValueKind == JsonValueKind.Array
                ? doc.RootElement.EnumerateArray().Select((e, i) => (Element: e, Path: $"$[{i}]")).ToList()
                : [(doc.RootElement, "$")];
            var summary = new IngestSummary();
            foreach (var (element, path) in items)
            {
                var result = element.GetRawText().Length > TelemetryLimits.MaxPayloadBytes
                    ? Oversize(pipeline, origin, id, element, path)
                    : await pipeline.SubmitElementAsync(origin, id, element, path);
                summary.Add(result);
            }
            if (summary.Rejected.Count > 0)
            {
                var first = summary.Rejected[0];
                return TypedResults.BadRequest(new ApiError(first.Error, first.Field, summary.Rejected.Select(r => $"{r.Field}: {r.Error}").ToList()));
            }
            return TypedResults.Ok(summary);
        }
    }

    public static async Task<Results<Ok<TelemetrySeries>, NotFound<ApiError>, BadRequest<ApiError>>> Query(
        string id, SensorRegistry registry, InfluxClient influx, TimeProvider time, CancellationToken ct,
        string? from = null, string? to = null, string? metric = null)
    {
        if (!registry.TryGet(id, out var sensor)) return TypedResults.NotFound(new ApiError($"sensor \"{id}\" is not in the registry", "id"));
        if (!TryTime(to, time.GetUtcNow(), out var until)) return TypedResults.BadRequest(new ApiError($"expected an ISO 8601 time, got \"{to}\"", "to"));
        if (!TryTime(from, until - TimeSpan.FromDays(1), out var since)) return TypedResults.BadRequest(new ApiError($"expected an ISO 8601 time, got \"{from}\"", "from"));
        if (metric is not null && !TelemetryLimits.MetricName().IsMatch(metric)) return TypedResults.BadRequest(new ApiError($"not a metric name: \"{metric}\"", "metric"));

        var select = metric is null ? "*" : $"\"{metric}\"";
        var q = $"SELECT {select} FROM \"{sensor.Kind}\" WHERE \"sensor\" = '{sensor.Id}' "
            + $"AND time >= {since.ToUnixTimeMilliseconds()}ms AND time <= {until.ToUnixTimeMilliseconds()}ms";
        var series = await influx.QueryAsync(q, ct);
        var points = series.SelectMany(s => s.Readings()).Select(r => new TelemetryPoint(r.Ts, r.Values)).ToList();
        return TypedResults.Ok(new TelemetrySeries(sensor.Id, sensor.Kind, since, until, metric, points));
    }

    private static IngestResult Oversize(IngestPipeline pipeline, string origin, string id, JsonElement element, string path)
    {
        pipeline.CountReceived(IngestSource.Http);
        var raw = System.Text.Encoding.UTF8.GetBytes(element.GetRawText());
        return pipeline.Refuse(IngestSource.Http, origin, id, raw,
            new Rejection(RejectReason.Oversize, path, $"payload is {raw.Length} bytes; at most {TelemetryLimits.MaxPayloadBytes} are taken"));
    }

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset value)
    {
        value = fallback;
        return text is null || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
