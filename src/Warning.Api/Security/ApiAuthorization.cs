using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Warning.Api.Security;

/// <summary>
/// The API's authentication scheme and one policy per role. Every endpoint needs <see cref="ApiRoles.Viewer"/>
/// unless it says otherwise (the fallback policy), so an endpoint added without a thought is closed, not open.
/// </summary>
public static class ApiAuthorization
{
    /// <summary>Posting telemetry: an ingest key (or admin), or a device for itself.</summary>
    public const string Telemetry = "telemetry";

    /// <summary>Posting a community report: an app's back end (gateway key) or the duty desk taking one by telephone (operator).</summary>
    public const string Reports = "reports";

    public static IServiceCollection AddApiAuth(this IServiceCollection services)
    {
        services.AddSingleton<LiveTickets>();
        services.AddSingleton<ApiKeyRing>();
        services.AddAuthentication(ApiAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiAuthenticationHandler>(ApiAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(RoleOnly(ApiRoles.Viewer))
            .AddPolicy(ApiRoles.Viewer, RoleOnly(ApiRoles.Viewer))
            .AddPolicy(ApiRoles.Operator, RoleOnly(ApiRoles.Operator))
            .AddPolicy(ApiRoles.Admin, RoleOnly(ApiRoles.Admin))
            .AddPolicy(ApiRoles.Gateway, RoleOnly(ApiRoles.Gateway))
            .AddPolicy(ApiRoles.Ingest, RoleOnly(ApiRoles.Ingest))
            .AddPolicy(Telemetry, policy => policy.RequireRole(ApiRoles.Ingest, ApiRoles.Device))
            .AddPolicy(Reports, policy => policy.RequireRole(ApiRoles.Gateway, ApiRoles.Operator));
        return services;
    }

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, string role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(role);

    private static AuthorizationPolicy RoleOnly(string role) => new AuthorizationPolicyBuilder(ApiAuthenticationHandler.SchemeName).RequireRole(role).Build();
}
