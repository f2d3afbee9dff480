using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary><c>GET /openapi/v1.json</c>: an OpenAPI 3 document, readable without a key, that lists every endpoint of the API.</summary>
public sealed partial class OpenApiTests
{
    [Fact]
    public async Task Every_api_endpoint_is_in_the_openapi_document()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: ["--Api:Auth:AnonymousRole=none"]);
        using var anonymous = new HttpClient { BaseAddress = engine.Http.BaseAddress };
        var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
        var paths = document.RootElement.GetProperty("paths");

        var endpoints = engine.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Path: Normalise(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .Distinct()
            .ToList();
        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} API endpoints found");
        var missing = endpoints.Where(e => !paths.TryGetProperty(e.Path, out var item) || !item.TryGetProperty(e.Method, out _))
            .Select(e => $"{e.Method.ToUpperInvariant()} {e.Path}").ToList();
        Assert.True(missing.Count == 0, $"not in /openapi/v1.json: {string.Join(", ", missing)}");
    }

    // Route constraints and defaults are not part of an OpenAPI path (/api/x/{id:int} is /api/x/{id}), nor is a
    // trailing slash (/api/sensors/ is described as /api/sensors).
    private static string Normalise(string route) => Parameter().Replace(route, m => $"{{{m.Groups[1].Value}}}").TrimEnd('/');

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Parameter();
}
