using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Warning.Api.Dashboard;

/// <summary>
/// <c>GET /</c>: the monitoring-centre dashboard — one page, one script, one stylesheet, embedded in this assembly so
/// the engine serves them itself, with no CDN or tile server, in a centre cut off from the internet.
/// </summary>
public static class DashboardApi
{
    private static readonly Dictionary<string, (string ContentType, byte[] Body)> Files = Load();

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Serve("index.html")).AllowAnonymous();
        app.MapGet("/dashboard/{file}", (string file) => Serve(file)).AllowAnonymous();
        return app;
    }

    private static IResult Serve(string file) =>
        Files.TryGetValue(file, out var f) ? Results.Bytes(f.Body, f.ContentType) : Results.NotFound();

    private static Dictionary<string, (string, byte[])> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "dashboard/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(n => n[prefix.Length..], n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return (ContentTypeOf(n), copy.ToArray());
            });
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
}
