using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Warning.Api.Security;

namespace Warning.Api.Audit;

/// <summary>
/// Records every request that changes something (all but GET/HEAD under <c>/api</c>, except telemetry, which the
/// ingest metrics and dead letters account for), every read of personal data or of the audit, and every refusal
/// (401, 403). Runs between authentication and authorization, so it sees who was refused.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditLog audit, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var request = context.Request;
        var status = context.Response.StatusCode;
        if (!Audited(request, status)) return;
        var user = context.User;
        await audit.Record(new AuditEntry(
            time.GetUtcNow(),
            user.Identity?.Name ?? "unauthenticated",
            user.FindFirstValue(ApiClaims.KeyRole),
            user.FindFirstValue(ApiClaims.Credential),
            context.Connection.RemoteIpAddress?.ToString(),
            request.Method,
            request.Path + request.QueryString,
            status));
    }

    private static bool Audited(HttpRequest request, int status)
    {
        if (!request.Path.StartsWithSegments("/api")) return false;
        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden) return true;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            return request.Path.StartsWithSegments("/api/recipients") || request.Path.StartsWithSegments("/api/audit");
        return !(HttpMethods.IsPost(request.Method) && request.Path.Value!.EndsWith("/telemetry", StringComparison.Ordinal));
    }
}
