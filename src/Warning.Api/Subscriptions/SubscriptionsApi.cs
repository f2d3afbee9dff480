using Warning.Records.Subscriptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Grains.Publication;
using Warning.Rules.Levels;
using Warning.Api.Security;

namespace Warning.Api.Subscriptions;

/// <summary><c>/api/subscriptions</c>: webhooks that receive warnings for their areas, signed with HMAC-SHA256.</summary>
public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/subscriptions", Add).RequireRole(ApiRoles.Admin);
        app.MapGet("/api/subscriptions", List).RequireRole(ApiRoles.Admin);
        return app;
    }

    public static async Task<Results<Created<SubscriptionView>, BadRequest<ApiError>>> Add(SubscriptionInput? input, SubscriptionStore store)
    {
        var errors = new List<string>();
        if (input?.Url is null || !Uri.TryCreate(input.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            errors.Add($"url: expected an absolute http(s) URL, got \"{input?.Url}\"");
        if (input?.MinLevel is { } level && !WarningLevelNames.TryParse(level, out _)) errors.Add($"minLevel: expected blue, yellow, orange or red, got \"{level}\"");
        if (string.IsNullOrEmpty(input?.Secret) || input.Secret.Length < 16) errors.Add("secret: at least 16 characters, to sign each body (HMAC-SHA256)");
        if (errors.Count > 0) return TypedResults.BadRequest(new ApiError(string.Join("; ", errors), errors[0].Split(':')[0], errors));
        var stored = await store.Add(new Subscription("", input!.Url!, input.Areas ?? [], input.MinLevel ?? "blue", input.Secret!));
        return TypedResults.Created($"/api/subscriptions/{stored.Id}", SubscriptionView.Of(stored));
    }

    public static async Task<Ok<List<SubscriptionView>>> List(SubscriptionStore store) =>
        TypedResults.Ok((await store.List()).Select(SubscriptionView.Of).ToList());
}
