using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Grains.Publication;

namespace Warning.Api.Publication;

/// <summary><c>/api/public-warnings</c>: the grouped warnings people receive, one per (area, hazard) episode.</summary>
public static class PublicWarningsApi
{
    public static IEndpointRouteBuilder MapPublicWarningsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/public-warnings", List).AllowAnonymous(); // what the public is told
        app.MapGet("/api/public-warnings/{id}", Get).AllowAnonymous();
        return app;
    }

    public static async Task<Ok<List<PublicWarning>>> List(IGrainFactory grains,
        bool? active = null, string? area = null, string? hazard = null, string? source = null)
    {
        var summaries = await grains.GetGrain<IPublicWarningIndexGrain>(IPublicWarningIndexGrain.DefaultKey).List(active, area, hazard, source);
        return TypedResults.Ok(await Load(grains, summaries));
    }

    public static async Task<Results<Ok<PublicWarning>, NotFound<ApiError>>> Get(string id, IGrainFactory grains) =>
        await Find(grains, id) is { } warning ? TypedResults.Ok(warning) : TypedResults.NotFound(new ApiError($"no public warning \"{id}\"", "id"));

    public static async Task<PublicWarning?> Find(IGrainFactory grains, string id) =>
        await grains.GetGrain<IPublicWarningIndexGrain>(IPublicWarningIndexGrain.DefaultKey).Get(id) is { } summary
            ? await grains.GetGrain<IAreaWarningGrain>(summary.AreaKey).Get(id)
            : null;

    public static async Task<List<PublicWarning>> Load(IGrainFactory grains, IEnumerable<PublicWarningSummary> summaries)
    {
        var loaded = await Task.WhenAll(summaries.Select(s => grains.GetGrain<IAreaWarningGrain>(s.AreaKey).Get(s.Id)));
        return loaded.OfType<PublicWarning>().ToList();
    }
}
