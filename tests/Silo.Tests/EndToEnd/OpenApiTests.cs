using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.EndToEnd;

/// <summary>
/// <c>GET /openapi/v1.json</c>: an OpenAPI 3 document, readable without a key, that lists every endpoint of the API;
/// and <c>/docs</c>, the same as a page to browse, served by the engine itself.
/// </summary>
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

    [Fact]
    public async Task The_api_reference_at_docs_is_served_by_the_engine_alone_and_shows_the_endpoints()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: ["--Api:Auth:AnonymousRole=none"]);
        using var anonymous = new HttpClient { BaseAddress = engine.Http.BaseAddress };
        var response = await anonymous.GetAsync("/docs");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var sources = AssetReference().Matches(html).Select(m => m.Groups[2].Value).ToList();
        Assert.Contains(sources, s => s.EndsWith(".js", StringComparison.Ordinal));
        Assert.True(sources.All(IsLocal), $"/docs loads from elsewhere: {string.Join(", ", sources.Where(s => !IsLocal(s)))}");

        // In a browser: the page renders the API's endpoints, and asks nothing of any host but the engine.
        await using var browser = await BrowserSession.Open(1440, 900, "docs");
        var page = browser.Page;
        var origin = engine.Http.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin + "/", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal)) elsewhere.Add(request.Url);
        };
        try
        {
            await page.GotoAsync($"{origin}/docs");
            // The sidebar lists the endpoints by resource; opening one shows its paths.
            await page.GetByText("CapApi").First.ClickAsync();
            await page.GetByText("/api/cap/feed").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await browser.Screenshot("01-api-reference", fullPage: false);
        }
        catch
        {
            await browser.Screenshot("99-failure", fullPage: false);
            throw;
        }
        Assert.True(elsewhere.Count == 0, $"/docs asked other hosts: {string.Join(", ", elsewhere.Distinct())}");
    }

    private static bool IsLocal(string url) => !url.Contains("//", StringComparison.Ordinal);

    /// <summary>What a page loads: <c>&lt;script src&gt;</c>, <c>&lt;link href&gt;</c> (stylesheets, icons), <c>&lt;img src&gt;</c>.</summary>
    [GeneratedRegex(@"<(?:script|link|img)\b[^>]*?\b(src|href)\s*=\s*[""']([^""']*)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex AssetReference();

    // Route constraints and defaults are not part of an OpenAPI path (/api/x/{id:int} is /api/x/{id}), nor is a
    // trailing slash (/api/sensors/ is described as /api/sensors).
    private static string Normalise(string route) => Parameter().Replace(route, m => $"{{{m.Groups[1].Value}}}").TrimEnd('/');

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Parameter();
}
