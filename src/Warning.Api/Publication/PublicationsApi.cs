using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Publication.Outbox;
using Warning.Api.Security;

namespace Warning.Api.Publication;

/// <summary><c>/api/publications</c>: every message to every recipient and its delivery state, and the gateways' receipts.</summary>
public static class PublicationsApi
{
    public static IEndpointRouteBuilder MapPublicationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/publications", List);
        app.MapPost("/api/publications/receipts", Receipt).RequireRole(ApiRoles.Gateway);
        return app;
    }

    /// <summary><paramref name="warningId"/> may name a public warning or a sensor warning it spoke for.</summary>
    public static async Task<Ok<IReadOnlyList<PublicationRecord>>> List(IOutbox outbox, string? warningId = null, string? channel = null, string? state = null) =>
        TypedResults.Ok(await outbox.List(warningId, channel, state));

    public static async Task<Results<Ok<PublicationRecord>, BadRequest<ApiError>, NotFound<ApiError>>> Receipt(ReceiptInput? input, IOutbox outbox)
    {
        if (string.IsNullOrWhiteSpace(input?.MessageId)) return TypedResults.BadRequest(new ApiError("messageId is required", "messageId"));
        if (input.State is not (PublicationStates.Delivered or PublicationStates.Failed))
            return TypedResults.BadRequest(new ApiError($"state must be \"delivered\" or \"failed\", got \"{input.State}\"", "state"));
        return await outbox.Receipt(input.MessageId, input.State, input.Detail) is { } record
            ? TypedResults.Ok(record)
            : TypedResults.NotFound(new ApiError($"no message \"{input.MessageId}\" was ever sent", "messageId"));
    }
}
