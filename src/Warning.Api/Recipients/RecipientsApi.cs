using Warning.Records.Recipients;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Grains.Recipients;
using Warning.Ingest.Registry;
using Warning.Rules.Levels;
using Warning.Api.Security;

namespace Warning.Api.Recipients;

/// <summary><c>/api/recipients</c>: the named lists per village and the duty desks.</summary>
public static partial class RecipientsApi
{
    private static readonly string[] KnownChannels = ["sms", "broadcast", "webhook"];

    [GeneratedRegex(@"^\+\d{8,15}$")]
    private static partial Regex Phone();

    public static IEndpointRouteBuilder MapRecipientsApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/recipients/{id}", Put).RequireRole(ApiRoles.Admin);
        app.MapPut("/api/recipients", PutMany).RequireRole(ApiRoles.Admin);
        app.MapGet("/api/recipients", List).RequireRole(ApiRoles.Operator); // names and phone numbers
        return app;
    }

    public static async Task<Results<Ok<Recipient>, BadRequest<ApiError>>> Put(string id, RecipientInput input, RecipientStore store)
    {
        var errors = Validate(id, input);
        if (errors.Count > 0) return TypedResults.BadRequest(new ApiError(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Problem}")), errors[0].Field, errors.Select(e => $"{e.Field}: {e.Problem}").ToList()));
        var recipient = ToRecipient(id, input);
        await store.Put([recipient]);
        return TypedResults.Ok(recipient);
    }

    /// <summary>A whole roster at once (each item with its <c>id</c>): all stored in one write, or none when any is wrong.</summary>
    public static async Task<Results<Ok<int>, BadRequest<ApiError>>> PutMany(List<RecipientInput>? input, RecipientStore store)
    {
        if (input is null || input.Count == 0) return TypedResults.BadRequest(new ApiError("expected a JSON array of recipients, each with its \"id\"", "body"));
        var errors = input.SelectMany((r, i) => Validate(r.Id ?? "", r).Select(e => $"[{i}] {e.Field}: {e.Problem}")).Take(100).ToList();
        if (errors.Count > 0) return TypedResults.BadRequest(new ApiError(string.Join("; ", errors.Take(5)), "body", errors));
        await store.Put(input.Select(r => ToRecipient(r.Id!, r)).ToList());
        return TypedResults.Ok(input.Count);
    }

    private static Recipient ToRecipient(string id, RecipientInput input) =>
        new(id, input.Name!.Trim(), input.Phone, input.Areas!, input.Roles ?? [], input.Channels ?? ["sms"], input.MinLevel ?? "blue", input.MustConfirm);

    public static async Task<Ok<IReadOnlyList<Recipient>>> List(RecipientStore store, string? area = null) =>
        TypedResults.Ok(await store.List(area));

    private static List<(string Field, string Problem)> Validate(string id, RecipientInput input)
    {
        var errors = new List<(string, string)>();
        if (!RegistryCodes.Identifier().IsMatch(id)) errors.Add(("id", $"expected letters, digits, '_', '.', '-' (at most 64), got \"{id}\""));
        if (string.IsNullOrWhiteSpace(input.Name)) errors.Add(("name", "is required: who this is, e.g. \"王强 (村干部)\""));
        var channels = input.Channels ?? ["sms"];
        foreach (var channel in channels.Where(c => !KnownChannels.Contains(c))) errors.Add(("channels", $"expected sms, broadcast or webhook, got \"{channel}\""));
        if (channels.Contains("sms") && (input.Phone is null || !Phone().IsMatch(input.Phone)))
        {
            errors.Add(("phone", $"an sms recipient needs a phone in international form such as +8613800000000, got \"{input.Phone}\""));
        }
        if (input.Areas is not { Count: > 0 }) errors.Add(("areas", "expected at least one area (village) code"));
        else foreach (var area in input.Areas.Where(a => !RegistryCodes.Identifier().IsMatch(a))) errors.Add(("areas", $"expected area codes, got \"{area}\""));
        if (input.MinLevel is { } level && !WarningLevelNames.TryParse(level, out _)) errors.Add(("minLevel", $"expected blue, yellow, orange or red, got \"{level}\""));
        return errors;
    }
}
