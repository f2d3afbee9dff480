using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Api.Security;
using Warning.Publication.Confirmation;
using Warning.Publication.Texts;
using Warning.Records.Confirmations;
using Warning.Records.PublicWarnings;
using Warning.Records.Reports;
using Warning.Ingest.Reports;
using Warning.Rules.Reports;

namespace Warning.Api.Confirmations;

/// <summary>
/// Call-and-response (叫应): an official's answer to a public warning arrives as an SMS reply through the gateway
/// (<c>POST /api/sms/inbound</c>), by the link in the message (<c>GET /c/{token}</c>, a page in Chinese), or from a
/// duty officer on the dashboard (<c>POST /api/warnings/{id}/confirmations</c>, audited). <c>{id}</c> is the public
/// warning's id: the messages that ask go out per public warning version, so that is what is answered.
/// </summary>
public static class ConfirmationsApi
{
    public static IEndpointRouteBuilder MapConfirmationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sms/inbound", Inbound).RequireRole(ApiRoles.Gateway);
        app.MapPost("/api/warnings/{id}/confirmations", ByOperator).RequireRole(ApiRoles.Operator);
        app.MapGet("/api/warnings/{id}/confirmations", List);
        app.MapGet("/c/{token}", Link).AllowAnonymous(); // the link in the SMS: the signed token is the credential
        return app;
    }

    /// <summary>
    /// An inbound SMS, in this order: a desk's acknowledgement of a damage or casualty report (its number and the code of
    /// the notice it got: <c>acknowledged</c>); a community report in the short form (<see cref="SmsReport"/>:
    /// <c>report</c>, answered by SMS; one not understood is 422 naming the <c>field</c>, and its sender is told what was
    /// wrong); otherwise a reply to a warning (叫应): the sender's number and the 4-digit code in the text. Kept whatever
    /// becomes of it; an unknown number is 404 (<c>from</c>), a known number without a matching code 422 (<c>text</c>) —
    /// unless the number is a reporter's, whose message was meant as a report: they are told what was not understood.
    /// </summary>
    public static async Task<Results<Ok<ConfirmOutcome>, Ok<InboundSmsOutcome>, BadRequest<ApiError>, NotFound<ApiError>, UnprocessableEntity<ApiError>>> Inbound(
        InboundSms? input, ConfirmationStore store, ReportStore reports, ReportIntake intake, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(input?.From)) return TypedResults.BadRequest(new ApiError("from is required: the sender's number, e.g. +8613800000000", "from"));
        if (input.Text is null) return TypedResults.BadRequest(new ApiError("text is required (it may be empty)", "text"));
        var from = input.From.Trim();
        var now = time.GetUtcNow();
        if (await reports.AcknowledgeBySms(from, input.Text, now) is { } link)
        {
            await store.Keep(from, input.Text, input.At, now, InboundSmsOutcome.Acknowledged);
            return TypedResults.Ok(new InboundSmsOutcome(InboundSmsOutcome.Acknowledged, null, link.ReportId));
        }
        if (SmsReport.LooksLikeReport(input.Text))
        {
            var taken = await intake.FromSms(from, input.Text, now);
            await store.Keep(from, input.Text, input.At, now, taken.Report is null ? InboundSmsOutcome.NotUnderstood : InboundSmsOutcome.Reported);
            return taken.Report is { } report
                ? TypedResults.Ok(new InboundSmsOutcome(InboundSmsOutcome.Reported, report, report.Id))
                : TypedResults.UnprocessableEntity(new ApiError($"\"{input.Text}\" is not a report: {taken.Problem} (the sender was told)", taken.Field!));
        }
        var outcome = await store.BySms(from, input.Text, input.At, now);
        if (outcome.Result is ConfirmOutcome.UnknownNumber or ConfirmOutcome.UnknownCode && await intake.NotUnderstood(from, input.Text, now) is { } meant)
            return TypedResults.UnprocessableEntity(new ApiError($"\"{input.Text}\" is neither a reply code nor a report: {meant.Problem} (the sender was told)", meant.Field!));
        return outcome.Result switch
        {
            ConfirmOutcome.UnknownNumber => TypedResults.NotFound(new ApiError($"no confirmation was asked of {input.From} (the reply is kept)", "from")),
            ConfirmOutcome.UnknownCode => TypedResults.UnprocessableEntity(new ApiError(
                $"\"{input.Text}\" holds no reply code of an open request to {input.From} (the reply is kept)", "text")),
            _ => TypedResults.Ok(outcome),
        };
    }

    public static async Task<Results<Ok<ConfirmOutcome>, BadRequest<ApiError>, NotFound<ApiError>>> ByOperator(
        string id, ConfirmationInput? input, ConfirmationStore store, PublicWarningStore warnings, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(input?.RecipientId)) return TypedResults.BadRequest(new ApiError("recipientId is required: whose answer this is", "recipientId"));
        if (string.IsNullOrWhiteSpace(input.By)) return TypedResults.BadRequest(new ApiError("who records it must be named: {\"by\": \"值班员 name\"}", "by"));
        var publics = (await warnings.Of(id)).Select(w => w.Id).ToList();
        if (publics.Count == 0)
            return TypedResults.NotFound(new ApiError($"no public warning \"{id}\", nor a sensor warning that reached one", "id"));
        // A sensor warning's id: the answer goes to the public warning (of its areas) that asked this recipient.
        foreach (var publicId in publics)
        {
            var outcome = await store.ByOperator(publicId, input.RecipientId.Trim(), input.By.Trim(), input.Note, time.GetUtcNow());
            if (outcome.Found) return TypedResults.Ok(outcome);
        }
        return TypedResults.NotFound(new ApiError($"\"{input.RecipientId}\" was not asked to confirm {id}", "recipientId"));
    }

    public static async Task<Results<Ok<List<ConfirmationRecord>>, NotFound<ApiError>>> List(string id, ConfirmationStore store, PublicWarningStore warnings)
    {
        var publics = (await warnings.Of(id)).Select(w => w.Id).ToList();
        if (publics.Count == 0) return TypedResults.NotFound(new ApiError($"no public warning \"{id}\", nor a sensor warning that reached one", "id"));
        var records = new List<ConfirmationRecord>();
        foreach (var publicId in publics) records.AddRange(await store.ForWarning(publicId));
        return TypedResults.Ok(records);
    }

    /// <summary>The link: a small page saying what was confirmed (or that it already was); a forged or unknown token is 404.</summary>
    public static async Task<IResult> Link(string token, ConfirmationTokens tokens, ConfirmationStore store, PublicWarningStore warnings, TimeProvider time)
    {
        if (tokens.Verify(token) is not { } tokenId) return Page(HttpStatusCode.NotFound, "无法确认", ConfirmTexts.UnknownLink);
        var outcome = await store.ByToken(tokenId, time.GetUtcNow());
        if (outcome.Confirmation is not { } c) return Page(HttpStatusCode.NotFound, "无法确认", ConfirmTexts.UnknownLink);
        var warning = await warnings.Get(c.PublicId);
        var version = warning?.Versions.FirstOrDefault(v => v.Number == c.Version) ?? warning?.Versions.LastOrDefault();
        var headline = warning is not null && version is not null ? PublicTexts.For(warning, version, Language.Chinese).Headline : c.PublicId;
        var (title, line) = ConfirmTexts.Page(headline, c.Name, c.Confirmed!.Value, outcome.Result == ConfirmOutcome.Already);
        return Page(HttpStatusCode.OK, title, line, outcome.Result);
    }

    private static IResult Page(HttpStatusCode status, string title, string line, string result = "unknown")
    {
        var html = $"""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(title)}</title>
            <style>body{"{"}font-family:sans-serif;margin:2em auto;max-width:32em;padding:0 1em;line-height:1.6{"}"}h1{"{"}font-size:1.4em{"}"}</style></head>
            <body data-result="{result}"><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(line)}</p></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, (int)status);
    }
}
