using Warning.Records.Silences;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Grains.Publication;
using Warning.Ingest.Registry;
using Warning.Api.Security;

namespace Warning.Api.Silences;

/// <summary><c>/api/silences</c>: maintenance windows that hold public output for sensors or areas, and what they held.</summary>
public static class SilencesApi
{
    public static IEndpointRouteBuilder MapSilencesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/silences", Add).RequireRole(ApiRoles.Operator);
        app.MapGet("/api/silences", List);
        return app;
    }

    public static async Task<Results<Created<Silence>, BadRequest<ApiError>>> Add(SilenceInput? input, SilenceStore store)
    {
        var errors = Validate(input);
        if (errors.Count > 0) return TypedResults.BadRequest(new ApiError(string.Join("; ", errors), errors[0].Split(':')[0], errors));
        var silence = await store.Add(new Silence("", input!.SensorIds ?? [], input.Areas ?? [], input.From!.Value, input.To!.Value,
            input.Reason!.Trim(), input.By!.Trim(), []));
        return TypedResults.Created($"/api/silences/{silence.Id}", silence);
    }

    public static async Task<Ok<IReadOnlyList<Silence>>> List(SilenceStore store) => TypedResults.Ok(await store.List());

    private static List<string> Validate(SilenceInput? input)
    {
        if (input is null) return ["body: expected {\"sensorIds\"|\"areas\", \"from\", \"to\", \"reason\", \"by\"}"];
        var errors = new List<string>();
        if ((input.SensorIds?.Count ?? 0) + (input.Areas?.Count ?? 0) == 0) errors.Add("sensorIds: name the sensors or areas (\"areas\") to silence");
        foreach (var id in (input.SensorIds ?? []).Concat(input.Areas ?? []).Where(i => !RegistryCodes.Identifier().IsMatch(i)))
            errors.Add($"sensorIds: \"{id}\" is not a sensor id or area code");
        if (input.From is null) errors.Add("from: required, ISO 8601 date-time");
        if (input.To is null) errors.Add("to: required, ISO 8601 date-time");
        else if (input.From is { } from && input.To <= from) errors.Add($"to: must be after from ({from:O})");
        if (string.IsNullOrWhiteSpace(input.Reason)) errors.Add("reason: say why, e.g. \"gauge maintenance\"");
        if (string.IsNullOrWhiteSpace(input.By)) errors.Add("by: who silences must be named");
        return errors;
    }
}
