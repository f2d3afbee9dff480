using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace Warning.Api.Docs;

/// <summary>
/// <c>GET /docs</c>: the API reference for integrators, a browsable page (Scalar) that reads <c>/openapi/v1.json</c>.
/// The page and its script are embedded in the Scalar package and served by the engine itself, like the dashboard:
/// no CDN, no web fonts, no telemetry, no AI chat, no request proxy and no developer toolbar, so it works in a centre
/// cut off from the internet and tells no third party who reads it. Readable without a key, as the OpenAPI document is.
/// </summary>
public static class ApiReferencePage
{
    public const string Path = "/docs";

    public static IEndpointRouteBuilder MapApiReferencePage(this IEndpointRouteBuilder app)
    {
        // In a group, so that every endpoint Scalar maps (the page and its scripts) is open: the builder it returns
        // covers the page alone.
        app.MapGroup("").AllowAnonymous().MapScalarApiReference(Path, options => options
                .WithTitle("Warning API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools());
        return app;
    }
}
