using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Publication.Outbox;
using Warning.Api.Security;
using Warning.Records.Reach;

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

    public static async Task<Results<Ok<PublicationRecord>, BadRequest<ApiError>, NotFound<ApiError>>> Receipt(ReceiptInput? input, IOutbox outbox, ReachStore reach)
    {
        var terminals = input?.Terminals ?? [];
        for (var i = 0; i < terminals.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(terminals[i].Id)) return TypedResults.BadRequest(new ApiError($"terminals[{i}].id is required", $"terminals[{i}].id"));
            if (terminals[i].State is not ("played" or "failed"))
                return TypedResults.BadRequest(new ApiError($"terminals[{i}].state must be \"played\" or \"failed\", got \"{terminals[i].State}\"", $"terminals[{i}].state"));
        }
        if (string.IsNullOrWhiteSpace(input?.MessageId)) return TypedResults.BadRequest(new ApiError("messageId is required", "messageId"));
        if (input.State is not (PublicationStates.Delivered or PublicationStates.Failed))
            return TypedResults.BadRequest(new ApiError($"state must be \"delivered\" or \"failed\", got \"{input.State}\"", "state"));
        if (await outbox.Receipt(input.MessageId, input.State, input.Detail) is not { } record)
            return TypedResults.NotFound(new ApiError($"no message \"{input.MessageId}\" was ever sent", "messageId"));
        if (terminals.Count > 0 && record.Channel != Warning.Publication.Channels.ChannelNames.Broadcast)
            return TypedResults.BadRequest(new ApiError($"terminals belong to a broadcast receipt; {input.MessageId} is {record.Channel}", "terminals"));
        await reach.RecordTerminals(input.MessageId, terminals.Select(t => (t.Id!.Trim(), t.State!)).ToList());
        return TypedResults.Ok(record);
    }
}
