using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Api.Security;

namespace Warning.Api.Live;

/// <summary>
/// <c>GET /api/live[?events=warning,sensor-status]</c>: Server-Sent Events (<c>warning</c>, <c>reading</c>,
/// <c>sensor-status</c>, <c>report</c>; all of them unless <c>events</c> names some), with a heartbeat.
/// </summary>
public static class LiveApi
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/live", Stream);
        app.MapPost("/api/live/ticket", Ticket);
        return app;
    }

    /// <summary><c>POST /api/live/ticket</c>: a ticket to open the stream with <c>?ticket=</c>, for a browser's EventSource.</summary>
    public static IResult Ticket(HttpContext context, LiveTickets tickets)
    {
        var user = context.User;
        var (ticket, expires) = tickets.Issue(user.Identity!.Name!, user.FindFirstValue(ApiClaims.KeyRole)!);
        return TypedResults.Ok(new { ticket, expires });
    }

    public static async Task Stream(HttpContext context, LiveFeed feed, string? events = null)
    {
        var ct = context.RequestAborted;
        var kinds = events?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        if (kinds?.FirstOrDefault(k => !LiveFeed.Kinds.Contains(k)) is { } unknown)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new ApiError($"unknown event kind \"{unknown}\"; the kinds are {string.Join(", ", LiveFeed.Kinds)}", "events"), ct);
            return;
        }
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var (id, queue) = feed.Join(kinds);
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
                    await queue.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(": heartbeat\n\n", ct);
                    await context.Response.Body.FlushAsync(ct);
                    continue;
                }
                while (queue.TryRead(out var frame)) await context.Response.WriteAsync(frame, ct);
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
