using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Grains.Warnings;

namespace Warning.Api.Warnings;

/// <summary><c>/api/warnings</c>: the warnings the rules raised, with their evidence and history.</summary>
public static class WarningsApi
{
    public static IEndpointRouteBuilder MapWarningsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/warnings");
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<WarningRecord>>> List(IGrainFactory grains,
        bool? active = null, string? kind = null, string? region = null, string? level = null, string? sensorId = null) =>
        TypedResults.Ok(await Book(grains).List(new WarningQuery(active, kind, region, level, sensorId)));

    public static async Task<Results<Ok<WarningRecord>, NotFound<ApiError>>> Get(string id, IGrainFactory grains) =>
        await Book(grains).Get(id) is { } warning
            ? TypedResults.Ok(warning)
            : TypedResults.NotFound(new ApiError($"no warning \"{id}\"", "id"));

    private static IWarningBookGrain Book(IGrainFactory grains) => grains.GetGrain<IWarningBookGrain>(IWarningBookGrain.DefaultKey);
}
