using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Warning.Api.Live;

/// <summary><c>GET /api/live</c>: Server-Sent Events (<c>warning</c>, <c>reading</c>, <c>sensor-status</c>), with a heartbeat.</summary>
public static class LiveApi
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/live", Stream);
        return app;
    }

    public static async Task Stream(HttpContext context, LiveFeed feed)
    {
        var ct = context.RequestAborted;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var (id, events) = feed.Join();
        try
        {
            await context.Response.WriteAsync("retry: 2000\n: connected\n\n", ct);
            await context.Response.Body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(Heartbeat);
                try
                {
                    await events.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(": heartbeat\n\n", ct);
                    await context.Response.Body.FlushAsync(ct);
                    continue;
                }
                while (events.TryRead(out var frame)) await context.Response.WriteAsync(frame, ct);
                await context.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            feed.Leave(id);
        }
    }
}
