using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Api.Security;

namespace Warning.Api.Audit;

/// <summary><c>GET /api/audit?actor=&amp;since=&amp;limit=</c> (admin): the newest audit entries of the whole cluster.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", List).RequireRole(ApiRoles.Admin);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, BadRequest<ApiError>>> List(AuditLog audit, string? actor = null, DateTimeOffset? since = null, int limit = 500) =>
        limit is < 1 or > 10_000
            ? TypedResults.BadRequest(new ApiError($"limit must be 1..10000, got {limit}", "limit"))
            : TypedResults.Ok(await audit.Read(actor, since, limit));
}
