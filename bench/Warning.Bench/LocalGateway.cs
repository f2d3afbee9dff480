using System.Collections.Concurrent;
using System.Diagnostics;

namespace Warning.Bench;

/// <summary>
/// A local HTTP server standing in for the SMS, broadcast and webhook gateways: answers 200 at once and records when
/// each request arrived (a <see cref="Stopwatch"/> timestamp, the same clock the publisher reads).
/// </summary>
public sealed class LocalGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalGateway(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<(string Path, string Body, long At)> Requests { get; } = new();

    public int Count => Requests.Count;

    public static async Task<LocalGateway> Start()
    {
        var url = $"http://127.0.0.1:{Warning.Silo.Hosting.FreePorts.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new LocalGateway(app, url);
        app.MapPost("/{**path}", async (HttpContext http, string path) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            gateway.Requests.Enqueue(("/" + path, body, Stopwatch.GetTimestamp()));
            return Results.Ok();
        });
        await app.StartAsync();
        return gateway;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
