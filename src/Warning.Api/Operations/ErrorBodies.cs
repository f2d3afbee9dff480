using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Warning.Api.Operations;

/// <summary>
/// Every failure answers with the contract's error body and never with a stack trace: a request the server could
/// not read (bad JSON, wrong types, too large) gets its status and what was wrong; anything else is logged here and
/// answered 500 with the trace id to find it in the log.
/// </summary>
public static class ErrorBodies
{
    public static IServiceCollection AddErrorBodies(this IServiceCollection services) =>
        // Minimal APIs answer a body they cannot bind with an empty 400 unless told to throw; thrown, it gets a message below.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    public static IApplicationBuilder UseErrorBodies(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = Write,
            StatusCodeSelector = StatusOf,
            // Logged once, below, and only when it is the engine's fault: a client's bad request is answered, not logged.
            SuppressDiagnosticsCallback = _ => true,
        });

    private static int StatusOf(Exception e) => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;

    private static async Task Write(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        ApiError body;
        if (error is BadHttpRequestException bad)
        {
            context.Response.StatusCode = bad.StatusCode;
            body = new ApiError(bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message, "body");
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Warning.Api")
                .LogError(error, "{Method} {Path} failed (trace {TraceId})", context.Request.Method, context.Request.Path, context.TraceIdentifier);
            body = new ApiError($"internal error; the engine's log has it under trace id {context.TraceIdentifier}", "");
        }
        await context.Response.WriteAsJsonAsync(body);
    }
}
