using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Warning.Publication;
using Warning.Publication.Authorities;

namespace Warning.Api.Authorities;

/// <summary><c>/api/authorities</c>: who approves which warnings (config/authorities.yaml), as the engine applies it now.</summary>
public static class AuthoritiesApi
{
    public static IEndpointRouteBuilder MapAuthoritiesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/authorities", Get);
        return app;
    }

    /// <summary>The units and rules in force, and the problems of a refused edit of the file (the policy before it stays).</summary>
    public static Ok<AuthoritiesView> Get(Warning.Publication.Authorities.Authorities authorities, AuthoritiesWatcher watcher, IOptions<PublicationOptions> options)
    {
        var policy = authorities.Current;
        return TypedResults.Ok(new AuthoritiesView(Path.GetFullPath(options.Value.AuthoritiesPath), policy.Units, policy.Rules,
            watcher.Problems.Select(p => p.ToString()).ToList()));
    }
}
