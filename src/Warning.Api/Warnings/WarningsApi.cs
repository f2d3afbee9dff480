using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Grains.Warnings;
using Warning.Api.Security;

namespace Warning.Api.Warnings;

/// <summary><c>/api/warnings</c>: the warnings the rules raised, with their evidence and history.</summary>
public static class WarningsApi
{
    public static IEndpointRouteBuilder MapWarningsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/warnings");
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        api.MapPost("/{id}/{action:regex(^(approve|ack|cancel)$)}", Act).RequireRole(ApiRoles.Operator);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<WarningRecord>>> List(IGrainFactory grains,
        bool? active = null, string? kind = null, string? region = null, string? level = null, string? sensorId = null) =>
        TypedResults.Ok(await Book(grains).List(new WarningQuery(active, kind, region, level, sensorId)));

    public static async Task<Results<Ok<WarningRecord>, NotFound<ApiError>>> Get(string id, IGrainFactory grains) =>
        await Book(grains).Get(id) is { } warning
            ? TypedResults.Ok(warning)
            : TypedResults.NotFound(new ApiError($"no warning \"{id}\"", "id"));

    /// <summary><c>POST /api/warnings/{id}/approve|ack|cancel</c> with <c>{"by": "...", "note": "..."}</c>.</summary>
    public static async Task<Results<Ok<WarningRecord>, BadRequest<ApiError>, NotFound<ApiError>, Conflict<ApiError>>> Act(
        string id, string action, OperatorAction? body, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(body?.By)) return TypedResults.BadRequest(new ApiError("who acts must be named: {\"by\": \"值班员 name\"}", "by"));
        var result = await Book(grains).Act(id, action, body.By.Trim(), body.Note);
        if (result.NotFound) return TypedResults.NotFound(new ApiError(result.Error!, "id"));
        if (result.Error is { } error) return TypedResults.Conflict(new ApiError(error, "status"));
        return TypedResults.Ok(result.Warning!);
    }

    private static IWarningBookGrain Book(IGrainFactory grains) => grains.GetGrain<IWarningBookGrain>(IWarningBookGrain.DefaultKey);
}
