using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Api.Security;
using Warning.Storage.Rollups;

namespace Warning.Api.Rollups;

/// <summary>
/// <c>POST /api/rollups</c> (admin): rolls up every measurement again over the whole UTC days covering a range — for
/// readings stored before the rollups existed, or written to InfluxDB by something else than the engine. Readings the
/// engine stores are rolled up by themselves (<see cref="RollupJob"/>); this answers once the work is done.
/// </summary>
public static class RollupsApi
{
    /// <summary>Longest range one request rolls up.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3660);

    public static IEndpointRouteBuilder MapRollupsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/rollups", Backfill).RequireRole(ApiRoles.Admin);
        return app;
    }

    public static async Task<Results<Ok<RollupBackfill>, BadRequest<ApiError>>> Backfill(RollupsInput input, RollupRunner runner, CancellationToken ct)
    {
        if (!ApiTime.TryParse(input.From, null, out var from)) return TypedResults.BadRequest(ApiTime.Invalid(input.From, "from"));
        if (!ApiTime.TryParse(input.To, null, out var to)) return TypedResults.BadRequest(ApiTime.Invalid(input.To, "to"));
        if (from >= to) return TypedResults.BadRequest(new ApiError($"from ({from:O}) is not before to ({to:O})", "from"));
        if (to - from > Longest) return TypedResults.BadRequest(new ApiError($"at most {Longest.TotalDays} days a request", "to"));
        return TypedResults.Ok(await runner.BackfillAsync(from, to, ct));
    }
}
