using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Api.Security;
using Warning.Grains.Reports;
using Warning.Ingest.Reports;
using Warning.Records.Reports;
using Warning.Rules.Reports;

namespace Warning.Api.Reports;

/// <summary>
/// <c>/api/reports</c>: community monitoring (群测群防). Reports come in here (apps' back ends and the duty desk, role
/// <c>gateway</c> or <c>operator</c>), by SMS (<c>POST /api/sms/inbound</c>) and by MQTT <c>reports/{area}</c>; a duty
/// officer verifies or rejects them with a note (audited); the disaster information chain of a damage or casualty
/// report is at <c>/chain</c>.
/// </summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/reports", Post).RequireAuthorization(ApiAuthorization.Reports);
        app.MapGet("/api/reports", List);
        app.MapGet("/api/reports/{id}", Get);
        app.MapPost("/api/reports/{id}/verify", (string id, ReportDecisionInput? input, ReportIntake intake, HttpContext http) => Decide(id, true, input, intake, http))
            .RequireRole(ApiRoles.Operator);
        app.MapPost("/api/reports/{id}/reject", (string id, ReportDecisionInput? input, ReportIntake intake, HttpContext http) => Decide(id, false, input, intake, http))
            .RequireRole(ApiRoles.Operator);
        app.MapGet("/api/reports/{id}/chain", Chain);
        app.MapPost("/api/reports/{id}/chain/{recipientId}/acknowledge", Acknowledge).RequireRole(ApiRoles.Operator);
        return app;
    }

    public static async Task<Results<Created<Report>, BadRequest<ApiError>>> Post(ReportInput? input, ReportIntake intake, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (input is null) return TypedResults.BadRequest(new ApiError("expected a JSON report: {\"phone\", \"area\", \"kind\", …}", "body"));
        var problems = input.Problems(now);
        if (problems.Count > 0) return TypedResults.BadRequest(Error(problems));
        var report = await intake.Take(input, ReportIntake.Sources.Api, now);
        return TypedResults.Created($"/api/reports/{report.Id}", report);
    }

    public static async Task<Results<Ok<IReadOnlyList<Report>>, BadRequest<ApiError>>> List(
        ReportStore store, string? area = null, string? status = null, string? kind = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int? limit = null)
    {
        var problems = new List<(string Field, string Error)>();
        if (area is not null && (area.Length is not (2 or 4 or 6 or 9 or 12) || !area.All(char.IsAsciiDigit)))
            problems.Add(("area", $"expected an area code prefix of 2, 4, 6, 9 or 12 digits, got \"{area}\""));
        if (status is not null && !ReportStatuses.All.Contains(status))
            problems.Add(("status", $"unknown status \"{status}\": expected one of {string.Join(", ", ReportStatuses.All)}"));
        if (kind is not null && !ReportKinds.Names.Contains(kind))
            problems.Add(("kind", $"unknown kind \"{kind}\": expected one of {string.Join(", ", ReportKinds.All.Select(k => k.Kind))}"));
        if (from is not null && to is not null && from >= to) problems.Add(("to", "to must be after from"));
        if (limit is < 1 or > 10_000) problems.Add(("limit", "expected 1 to 10000"));
        if (problems.Count > 0) return TypedResults.BadRequest(Error(problems));
        return TypedResults.Ok(await store.List(new ReportFilter(area, status, kind, from, to, limit ?? 1000)));
    }

    public static async Task<Results<Ok<Report>, NotFound<ApiError>>> Get(string id, ReportStore store) =>
        await store.Get(id) is { } report ? TypedResults.Ok(report) : TypedResults.NotFound(new ApiError($"no report \"{id}\"", "id"));

    public static async Task<Results<Ok<Report>, BadRequest<ApiError>, NotFound<ApiError>, Conflict<ApiError>>> Decide(
        string id, bool verify, ReportDecisionInput? input, ReportIntake intake, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(input?.Note))
            return TypedResults.BadRequest(new ApiError($"note is required: why the report is {(verify ? "verified" : "rejected")}, e.g. {{\"note\": \"电话核实，裂缝属实\"}}", "note"));
        if (input.Note.Length > 1000) return TypedResults.BadRequest(new ApiError("note is at most 1000 characters", "note"));
        var by = string.IsNullOrWhiteSpace(input.By) ? http.User.Identity?.Name ?? "operator" : input.By.Trim();
        var decided = await intake.Decide(id, verify, by, input.Note.Trim());
        if (decided is not { } d) return TypedResults.NotFound(new ApiError($"no report \"{id}\"", "id"));
        if (!d.Changed)
        {
            return TypedResults.Conflict(new ApiError(d.Report.Status == ReportStatuses.Unverified
                ? $"report {id} came from a number not on the roster as a monitor or information officer of its area; it is kept unverified and is not fused — register the reporter and report again"
                : $"report {id} is already {d.Report.Status} (by {d.Report.DecidedBy})", "id"));
        }
        return TypedResults.Ok(d.Report);
    }

    public static async Task<Results<Ok<ReportChainView>, NotFound<ApiError>>> Chain(string id, ReportStore store)
    {
        if (await store.Get(id) is not { } report) return TypedResults.NotFound(new ApiError($"no report \"{id}\"", "id"));
        return TypedResults.Ok(ReportChainView.Of(report, await store.Chain(id)));
    }

    public static async Task<Results<Ok<ReportChainView>, BadRequest<ApiError>, NotFound<ApiError>>> Acknowledge(
        string id, string recipientId, ChainAcknowledgementInput? input, ReportStore store, TimeProvider time, HttpContext http)
    {
        var by = string.IsNullOrWhiteSpace(input?.By) ? http.User.Identity?.Name ?? "operator" : input.By.Trim();
        if (await store.Get(id) is not { } report) return TypedResults.NotFound(new ApiError($"no report \"{id}\"", "id"));
        if (await store.AcknowledgeByOperator(id, recipientId, by, time.GetUtcNow()) is null)
            return TypedResults.NotFound(new ApiError($"report {id} was not sent to \"{recipientId}\"", "recipientId"));
        return TypedResults.Ok(ReportChainView.Of(report, await store.Chain(id)));
    }

    private static ApiError Error(IReadOnlyList<(string Field, string Error)> problems) =>
        new(string.Join("; ", problems.Select(p => $"{p.Field}: {p.Error}")), problems[0].Field, problems.Select(p => $"{p.Field}: {p.Error}").ToList());
}
