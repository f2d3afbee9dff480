using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Warning.Api.Security;

/// <summary><c>GET /api/me</c>: who the caller is to the API and with which role (the dashboard shows it after sign-in).</summary>
public static class IdentityApi
{
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", Me).RequireAuthorization(); // any role, gateways and devices included
        return app;
    }

    public static IResult Me(HttpContext context) => TypedResults.Ok(new
    {
        name = context.User.Identity?.Name,
        role = context.User.FindFirstValue(ApiClaims.KeyRole),
        credential = context.User.FindFirstValue(ApiClaims.Credential),
        unit = context.User.FindFirstValue(ApiClaims.Unit),
        region = context.User.FindFirstValue(ApiClaims.Region),
    });
}
