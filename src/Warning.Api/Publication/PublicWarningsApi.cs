using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Grains.Publication;
using Warning.Records.PublicWarnings;

namespace Warning.Api.Publication;

/// <summary><c>/api/public-warnings</c>: the grouped warnings people receive, one per (area, hazard) episode, read from the records database.</summary>
public static class PublicWarningsApi
{
    public static IEndpointRouteBuilder MapPublicWarningsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/public-warnings", List).AllowAnonymous(); // what the public is told
        app.MapGet("/api/public-warnings/{id}", Get).AllowAnonymous();
        return app;
    }

    public static async Task<Ok<List<PublicWarning>>> List(PublicWarningStore store,
        bool? active = null, string? area = null, string? hazard = null, string? source = null) =>
        TypedResults.Ok(await store.List(active, area, hazard, source));

    public static async Task<Results<Ok<PublicWarning>, NotFound<ApiError>>> Get(string id, PublicWarningStore store) =>
        await store.Get(id) is { } warning ? TypedResults.Ok(warning) : TypedResults.NotFound(new ApiError($"no public warning \"{id}\"", "id"));
}
