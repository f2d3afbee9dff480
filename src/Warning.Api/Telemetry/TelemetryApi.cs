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
using Microsoft.Extensions.Options;
using Warning.Storage.Influx;
using Warning.Storage.Rollups;
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

    /// <summary>
    /// The stored series of one sensor over [<paramref name="from"/>, <paramref name="to"/>] (default: the day up to
    /// now): each reading (<c>raw</c>), or the hourly or daily rollup (<c>1h</c>, <c>1d</c>: the intervals overlapping the
    /// range, each with its start, the sum and the largest value of each metric); without <paramref name="resolution"/>,
    /// the one <see cref="TelemetryResolution.ForRange"/> picks.
    /// </summary>
    public static async Task<Results<Ok<TelemetrySeries>, NotFound<ApiError>, BadRequest<ApiError>>> Query(
        string id, SensorRegistry registry, InfluxClient influx, IOptions<InfluxOptions> options, TimeProvider time, CancellationToken ct,
        string? from = null, string? to = null, string? metric = null, string? resolution = null)
    {
        if (!registry.TryGet(id, out var sensor)) return TypedResults.NotFound(new ApiError($"sensor \"{id}\" is not in the registry", "id"));
        if (!ApiTime.TryParse(to, time.GetUtcNow(), out var until)) return TypedResults.BadRequest(ApiTime.Invalid(to, "to"));
        if (!ApiTime.TryParse(from, until - TimeSpan.FromDays(1), out var since)) return TypedResults.BadRequest(ApiTime.Invalid(from, "from"));
        if (since > until) return TypedResults.BadRequest(new ApiError($"from ({since:O}) is after to ({until:O})", "from"));
        if (metric is not null && !TelemetryLimits.MetricName().IsMatch(metric)) return TypedResults.BadRequest(new ApiError($"not a metric name: \"{metric}\"", "metric"));
        if (resolution is not null && !TelemetryResolution.Names.Contains(resolution))
        {
            return TypedResults.BadRequest(new ApiError($"expected one of {string.Join(", ", TelemetryResolution.Names)}, got \"{resolution}\"", "resolution"));
        }
        resolution ??= TelemetryResolution.ForRange(until - since);

        var where = $"WHERE \"sensor\" = '{sensor.Id}' AND time <= {InfluxQl.Time(until)}";
        if (Rollup.Of(resolution) is not { } rollup)
        {
            var select = metric is null ? "*" : InfluxQl.Ident(metric);
            var q = $"SELECT {select} FROM {InfluxQl.Ident(sensor.Kind)} {where} AND time >= {InfluxQl.Time(since)}";
            var readings = (await influx.QueryAsync(q, ct)).SelectMany(s => s.Readings()).Select(r => new TelemetryPoint(r.Ts, r.Values)).ToList();
            return TypedResults.Ok(new TelemetrySeries(sensor.Id, sensor.Kind, since, until, metric, readings, resolution));
        }

        // The intervals overlapping the range: the first may start before it. A v2 bucket has no rollups (no SELECT … INTO):
        // the same columns are computed from the raw readings.
        where += $" AND time >= {InfluxQl.Time(rollup.Floor(since))}";
        var aggregates = metric is null ? "sum(*), max(*)" : $"sum({InfluxQl.Ident(metric)}) AS {Column(Rollup.SumPrefix, metric)}, max({InfluxQl.Ident(metric)}) AS {Column(Rollup.MaxPrefix, metric)}";
        var rolled = options.Value.IsV2
            ? $"SELECT {aggregates} FROM {InfluxQl.Ident(sensor.Kind)} {where} GROUP BY time({rollup.Resolution}) fill(none)"
            : $"SELECT {(metric is null ? "*" : $"{Column(Rollup.SumPrefix, metric)}, {Column(Rollup.MaxPrefix, metric)}")} "
              + $"FROM {InfluxQl.Ident(rollup.RetentionPolicy)}.{InfluxQl.Ident(sensor.Kind)} {where}";
        var points = (await influx.QueryAsync(rolled, ct)).SelectMany(s => s.Aggregates()).Select(a => new TelemetryPoint(a.Ts, a.Sum, a.Max)).ToList();
        return TypedResults.Ok(new TelemetrySeries(sensor.Id, sensor.Kind, since, until, metric, points, resolution));
    }

    private static string Column(string prefix, string metric) => InfluxQl.Ident(prefix + metric);

    private static IngestResult Oversize(IngestPipeline pipeline, string origin, string id, JsonElement element, string path)
    {
        pipeline.CountReceived(IngestSource.Http);
        var raw = System.Text.Encoding.UTF8.GetBytes(element.GetRawText());
        return pipeline.Refuse(IngestSource.Http, origin, id, raw,
            new Rejection(RejectReason.Oversize, path, $"payload is {raw.Length} bytes; at most {TelemetryLimits.MaxPayloadBytes} are taken"));
    }
}
