using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Grains.Warnings;
using Warning.Api.Security;
using Microsoft.AspNetCore.WebUtilities;
using Warning.Records.Warnings;
using Warning.Rules.Levels;

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

    /// <summary>
    /// Newest onset first, at most <paramref name="limit"/> (default 1000, at most 100,000) a page; when more remain, a
    /// <c>Link: &lt;…&gt;; rel="next"</c> header gives the next page (the same query with <c>after</c>).
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<WarningRecord>>, BadRequest<ApiError>>> List(HttpContext http, WarningStore store,
        bool? active = null, string? kind = null, string? region = null, string? level = null, string? sensorId = null, string? status = null,
        string? hazard = null, string? area = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int? limit = null, string? after = null)
    {
        if (limit is < 1 or > WarningStore.MaxLimit) return TypedResults.BadRequest(new ApiError($"limit: expected 1 to {WarningStore.MaxLimit}, got {limit}", "limit"));
        if (level is not null && !WarningLevelNames.TryParse(level, out _)) return TypedResults.BadRequest(new ApiError($"level: expected blue, yellow, orange or red, got \"{level}\"", "level"));
        if (status is not null && !WarningStatus.All.Contains(status))
            return TypedResults.BadRequest(new ApiError($"status: expected {string.Join(", ", WarningStatus.All)}, got \"{status}\"", "status"));
        if (from is not null && to is not null && to <= from) return TypedResults.BadRequest(new ApiError($"to: must be after from ({from:O})", "to"));
        WarningPage page;
        try
        {
            page = await store.Query(new WarningQuery(active, kind, region, level, sensorId, status, hazard, area, from, to, limit, after));
        }
        catch (FormatException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message, "after"));
        }
        if (page.Next is { } next)
        {
            var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value);
            query["after"] = next;
            var link = QueryHelpers.AddQueryString($"{http.Request.PathBase}{http.Request.Path}", query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))));
            http.Response.Headers.Append("Link", $"<{link}>; rel=\"next\"");
        }
        return TypedResults.Ok(page.Warnings);
    }

    public static async Task<Results<Ok<WarningRecord>, NotFound<ApiError>>> Get(string id, WarningStore store) =>
        await store.GetVisible(id) is { } warning
            ? TypedResults.Ok(warning)
            : TypedResults.NotFound(new ApiError($"no warning \"{id}\"", "id"));

    /// <summary>
    /// <c>POST /api/warnings/{id}/approve|ack|cancel</c> with <c>{"by": "...", "note": "..."}</c>. An approval is made for
    /// the unit and within the region of the caller's key (config/authorities.yaml): a key whose unit may not approve the
    /// warning's hazard and level, or whose region does not cover it, is refused with 403 naming what was needed; a joint
    /// warning stays pending until each unit it needs has approved.
    /// </summary>
    public static async Task<Results<Ok<WarningRecord>, BadRequest<ApiError>, NotFound<ApiError>, Conflict<ApiError>, JsonHttpResult<ApiError>>> Act(
        string id, string action, OperatorAction? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(body?.By)) return TypedResults.BadRequest(new ApiError("who acts must be named: {\"by\": \"值班员 name\"}", "by"));
        var approver = new Approver(body.By.Trim(), user.FindFirstValue(ApiClaims.Unit), user.FindFirstValue(ApiClaims.Region),
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList());
        var result = await grains.GetGrain<IWarningGrain>(id).Act(action, approver, body.Note);
        if (result.NotFound) return TypedResults.NotFound(new ApiError(result.Error!, "id"));
        if (result.Forbidden) return TypedResults.Json(new ApiError(result.Error!, result.Field ?? "unit"), statusCode: StatusCodes.Status403Forbidden);
        if (result.Error is { } error) return TypedResults.Conflict(new ApiError(error, result.Field ?? "status"));
        return TypedResults.Ok(result.Warning!);
    }
}
