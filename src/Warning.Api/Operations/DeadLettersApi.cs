using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Ingest.DeadLetters;

namespace Warning.Api.Operations;

/// <summary><c>GET /api/deadletters?reason=&amp;limit=</c>: refused inputs, newest first.</summary>
public static class DeadLettersApi
{
    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deadletters", List);
        return app;
    }

    public static Ok<IReadOnlyList<DeadLetter>> List(DeadLetterStore store, string? reason = null, int limit = 100) =>
        TypedResults.Ok(store.Recent(Math.Clamp(limit, 1, DeadLetterStore.KeptInMemory), reason));
}
