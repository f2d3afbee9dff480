using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Api.Security;
using Warning.Ingest.Registry;
using Warning.Publication.Areas;
using Warning.Records.Areas;
using Warning.Rules.Areas;

namespace Warning.Api.Areas;

/// <summary>
/// <c>/api/areas</c>: names and boundaries of counties, townships and villages, for CAP (<c>areaDesc</c>,
/// <c>polygon</c>) and the dashboard's map. Putting one is the administrators' (like the registry and the rosters:
/// it is configuration) and audited; anyone who may read the API reads them.
/// </summary>
public static class AreasApi
{
    private const int MaxName = 100;

    public static IEndpointRouteBuilder MapAreasApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/areas/{code}", Put).RequireRole(ApiRoles.Admin);
        app.MapGet("/api/areas", List);
        app.MapGet("/api/areas/{code}", Get);
        return app;
    }

    /// <summary>Stores the area (replacing what was put for the code before); every problem is reported at once, each naming its field.</summary>
    public static async Task<Results<Ok<AreaView>, BadRequest<ApiError>>> Put(string code, AreaInput? input, AreaStore store)
    {
        var problems = new List<(string Field, string Problem)>();
        if (!RegistryCodes.Region().IsMatch(code))
            problems.Add(("code", $"expected an area code of 6 digits (county, GB/T 2260), 9 (township) or 12 (village, GB/T 10114), got \"{code}\""));
        if (input is null)
            return BadRequest([.. problems, ("body", "expected {\"name\", \"parent\", \"polygon\"}")]);
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name)) problems.Add(("name", "is required: the area's name, e.g. \"张家村\""));
        else if (name.Length > MaxName) problems.Add(("name", $"at most {MaxName} characters, got {name.Length}"));
        var parent = string.IsNullOrWhiteSpace(input.Parent) ? null : input.Parent.Trim();
        if (parent is not null)
        {
            if (!RegistryCodes.Region().IsMatch(parent))
                problems.Add(("parent", $"expected an area code of 6, 9 or 12 digits, got \"{parent}\""));
            else if (parent.Length >= code.Length || !AreaCodes.Covers(parent, code))
                problems.Add(("parent", $"must be an area above \"{code}\": a shorter code it starts with, got \"{parent}\""));
        }
        AreaBoundary? boundary = null;
        if (input.Polygon is { ValueKind: not JsonValueKind.Null } polygon) boundary = AreaBoundary.Parse(polygon, "polygon", problems);
        if (problems.Count > 0) return BadRequest(problems);
        var area = await store.Put(code, name!, parent, boundary?.ToGeoJson());
        return TypedResults.Ok(AreaView.From(area));
    }

    /// <summary>Areas by code: <c>parent=</c> those directly under it, <c>prefix=</c> those whose code starts with it (itself included).</summary>
    public static async Task<Results<Ok<List<AreaView>>, BadRequest<ApiError>>> List(AreaStore store, string? parent = null, string? prefix = null)
    {
        if (parent is not null && !RegistryCodes.Region().IsMatch(parent))
            return TypedResults.BadRequest(new ApiError($"expected an area code of 6, 9 or 12 digits, got \"{parent}\"", "parent"));
        if (prefix is not null && (prefix.Length is 0 or > 12 || !prefix.All(char.IsAsciiDigit)))
            return TypedResults.BadRequest(new ApiError($"expected the first 1 to 12 digits of area codes, got \"{prefix}\"", "prefix"));
        return TypedResults.Ok((await store.List(parent, prefix)).Select(AreaView.From).ToList());
    }

    public static async Task<Results<Ok<AreaView>, NotFound<ApiError>>> Get(string code, AreaStore store) =>
        await store.Get(code) is { } area
            ? TypedResults.Ok(AreaView.From(area))
            : TypedResults.NotFound(new ApiError($"no area \"{code}\" was put", "code"));

    private static BadRequest<ApiError> BadRequest(List<(string Field, string Problem)> problems)
    {
        var lines = problems.Select(p => $"{p.Field}: {p.Problem}").ToList();
        return TypedResults.BadRequest(new ApiError(string.Join("; ", lines.Take(5)), problems[0].Field, lines));
    }
}
