using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Warning.Api.Operations;

/// <summary>
/// Caps every request body at <c>Api:MaxRequestBytes</c> or the endpoint's own limit: a declared length over it is
/// answered 413 at once; a body that grows past it while read makes the server stop reading (413 through
/// <see cref="ErrorBodies"/>). Runs after routing, so it knows the endpoint.
/// </summary>
public sealed class RequestLimitMiddleware(RequestDelegate next, IOptions<RequestLimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? options.Value.MaxRequestBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.Response.WriteAsJsonAsync(new ApiError($"the body is {context.Request.ContentLength} bytes; this endpoint takes at most {limit}", "body"));
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        await next(context);
    }
}
