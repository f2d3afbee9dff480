using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Grains.Sensors;
using Warning.Ingest.Registry;
using Warning.Rules.Rulesets;
using Warning.Api.Security;

namespace Warning.Api.Sensors;

/// <summary><c>/api/sensors</c>: the registry and each sensor's live state.</summary>
public static class SensorsApi
{
    public static IEndpointRouteBuilder MapSensorsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sensors");
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        api.MapPut("/{id}", Put).RequireRole(ApiRoles.Admin);
        api.MapGet("/{id}/thresholds", Thresholds);
        app.MapGet("/api/registry/problems", Problems);
        return app;
    }

    public static async Task<Ok<List<SensorView>>> List(SensorRegistry registry, IGrainFactory grains,
        string? kind = null, string? region = null, bool? online = null)
    {
        var sensors = registry.All
            .Where(s => (kind is null || s.Kind == kind) && (region is null || s.Region.StartsWith(region, StringComparison.Ordinal)))
            .ToList();
        var snapshots = await Task.WhenAll(sensors.Select(s => grains.GetGrain<ISensorGrain>(s.Id).GetSnapshot()));
        return TypedResults.Ok(sensors.Select((s, i) => SensorView.From(s, snapshots[i]))
            .Where(v => online is null || v.Online == online)
            .ToList());
    }

    public static async Task<Results<Ok<SensorView>, NotFound<ApiError>>> Get(string id, SensorRegistry registry, IGrainFactory grains)
    {
        if (!registry.TryGet(id, out var sensor)) return TypedResults.NotFound(new ApiError($"sensor \"{id}\" is not in the registry", "id"));
        var snapshot = await grains.GetGrain<ISensorGrain>(id).GetSnapshot();
        return TypedResults.Ok(SensorView.From(sensor, snapshot));
    }

    public static async Task<Results<Ok<SensorDefinition>, BadRequest<ApiError>>> Put(string id, HttpRequest request, SensorRegistry registry, CancellationToken ct)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return TypedResults.BadRequest(new ApiError($"body is not valid JSON: {e.Message}", "$"));
        }
        using (body)
        {
            var (definition, errors) = await registry.PutAsync(id, body.RootElement, ct);
            if (definition is null)
            {
                return TypedResults.BadRequest(new ApiError(string.Join("; ", errors), errors[0].Field, errors.Select(e => e.ToString()).ToList()));
            }
            return TypedResults.Ok(definition);
        }
    }

    /// <summary>The lines the sensor's ruleset (with its params) draws, for the dashboard's chart.</summary>
    public static Results<Ok<IReadOnlyList<Threshold>>, NotFound<ApiError>> Thresholds(string id, SensorRegistry registry)
    {
        if (!registry.TryGet(id, out var sensor)) return TypedResults.NotFound(new ApiError($"sensor \"{id}\" is not in the registry", "id"));
        using var parameters = JsonDocument.Parse(sensor.ParamsJson);
        return TypedResults.Ok(RulesetThresholds.Describe(sensor.Ruleset, parameters.RootElement));
    }

    public static Ok<IReadOnlyList<string>> Problems(SensorRegistry registry) =>
        TypedResults.Ok<IReadOnlyList<string>>(registry.Problems.Select(p => p.ToString()).ToList());
}
