using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Warning.Api.Operations;
using Warning.Api.Security;
using Warning.Grains.Publication;
using Warning.Grains.Recipients;
using Warning.Publication;
using Warning.Publication.Reach;
using Warning.Records.Confirmations;
using Warning.Records.Database;
using Warning.Records.PublicWarnings;
using Warning.Records.Reach;
using Warning.Records.Recipients;

namespace Warning.Api.Reach;

/// <summary>
/// How far warnings got: <c>GET /api/warnings/{id}/reach</c> (a public warning: per area and in total, and each
/// official's answer) and <c>GET /api/areas/{code}/coverage?from=&amp;to=</c> (the share delivered over a period).
/// </summary>
public static class ReachApi
{
    public static IEndpointRouteBuilder MapReachApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/warnings/{id}/reach", Reach).RequireRole(ApiRoles.Viewer);
        app.MapGet("/api/areas/{code}/coverage", Coverage).RequireRole(ApiRoles.Viewer);
        return app;
    }

    /// <summary>
    /// A public warning's reach; for a sensor warning's id, the reach of the public warnings it spoke in, together (a
    /// warning for two villages: both villages' figures, the total over both).
    /// </summary>
    public static async Task<Results<Ok<ReachReport>, NotFound<ApiError>>> Reach(string id, PublicWarningStore warnings, ReachStore reach,
        ConfirmationStore confirmations, RecipientStore recipients)
    {
        var publics = await warnings.Of(id);
        if (publics.Count == 0)
            return TypedResults.NotFound(new ApiError($"no public warning \"{id}\", nor a sensor warning that reached one", "id"));
        var area = publics.Count == 1 ? publics[0].Area : publics[0].Region;
        var (rows, officials, terminals) = (new List<DeliveryRow>(), new List<OfficialAnswer>(), new List<TerminalRow>());
        var list = new Dictionary<string, Recipient>(StringComparer.Ordinal);
        foreach (var warning in publics)
        {
            rows.AddRange(await reach.Deliveries(warning.Id));
            terminals.AddRange(await reach.Terminals(warning.Id));
            var roster = (await recipients.List(warning.Area)).ToDictionary(r => r.Id, StringComparer.Ordinal);
            foreach (var (recipientId, recipient) in roster) list.TryAdd(recipientId, recipient);
            officials.AddRange((await confirmations.ForWarning(warning.Id)).Select(c => new OfficialAnswer(c.RecipientId, c.Name, c.Role,
                ReachCalculation.AreaOf(roster.GetValueOrDefault(c.RecipientId), warning.Area), c.Confirmed is null ? "silent" : "confirmed", c.Stage, c.FirstSent,
                c.Confirmed, c.Channel, c.By, c.LatencySeconds)));
        }
        return TypedResults.Ok(ReachCalculation.Compute(id, area, rows, officials, terminals, list));
    }

    /// <summary>Public warnings first issued in [<paramref name="from"/>, <paramref name="to"/>) (either may be left out), in the area and under it.</summary>
    public static async Task<Results<Ok<CoverageReport>, BadRequest<ApiError>>> Coverage(string code, ReachStore reach, IOptions<PublicationOptions> publication,
        string? from = null, string? to = null)
    {
        if (!Warning.Ingest.Registry.RegistryCodes.Identifier().IsMatch(code)) return TypedResults.BadRequest(new ApiError($"expected an area code, got \"{code}\"", "code"));
        DateTimeOffset? start = null, end = null;
        if (from is not null) { if (!ApiTime.TryParse(from, null, out var f)) return TypedResults.BadRequest(ApiTime.Invalid(from, "from")); start = f; }
        if (to is not null) { if (!ApiTime.TryParse(to, null, out var t)) return TypedResults.BadRequest(ApiTime.Invalid(to, "to")); end = t; }
        if (start is not null && end is not null && end <= start) return TypedResults.BadRequest(new ApiError($"to: must be after from ({start:O})", "to"));
        var rows = await reach.Coverage(code, start);
        var byWarning = rows.Select(r => (Row: r, Warning: RecordsJson.Read<PublicWarning>(r.Body)))
            .Where(x => x.Warning.Versions.Count > 0)
            .Select(x => new WarningCoverage(x.Warning.Id, x.Warning.Area, x.Warning.Hazard, x.Warning.Level, x.Warning.Versions[0].Sent,
                x.Row.Targeted, x.Row.Delivered, Share(x.Row.Delivered, x.Row.Targeted)))
            .Where(w => (start is null || w.Issued >= start) && (end is null || w.Issued < end))
            .OrderBy(w => w.Issued).ThenBy(w => w.WarningId, StringComparer.Ordinal)
            .ToList();
        var targeted = byWarning.Sum(w => w.Targeted);
        var delivered = byWarning.Sum(w => w.Delivered);
        var target = publication.Value.CoverageTarget;
        var coverage = Share(delivered, targeted);
        return TypedResults.Ok(new CoverageReport(code, start, end, target, byWarning.Count, targeted, delivered, coverage, coverage is { } c ? c >= target : null, byWarning));
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
