using Warning.Records.PublicWarnings;
using Warning.Records.Warnings;
using Warning.Records.Areas;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Warning.Api.Operations;
using Warning.Grains.Publication;
using Warning.Grains.Warnings;
using Warning.Publication;
using Warning.Publication.Cap;

namespace Warning.Api.Publication;

/// <summary>
/// <c>GET /api/warnings/{id}/cap</c> — CAP 1.2 of a public warning (latest version, or <c>?version=</c>) or of one
/// sensor's warning — and <c>GET /api/cap/feed</c>, the Atom feed of current CAP messages; each alert signed when
/// <c>Publication:SigningCertificate</c> is set (<see cref="CapSigner"/>). Written as signed: the signature covers
/// the alert's text, whitespace included.
/// </summary>
public static class CapApi
{
    public const string CapType = "application/cap+xml; charset=utf-8";

    /// <summary>How many ended or cancelled public warnings the feed keeps after the active ones, so all-clears are seen.</summary>
    private const int RecentlyClosed = 50;

    public static IEndpointRouteBuilder MapCapApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/warnings/{id}/cap", Cap);
        app.MapGet("/api/cap/feed", Feed).AllowAnonymous(); // published warnings only, for aggregators
        return app;
    }

    public static async Task<IResult> Cap(string id, PublicWarningStore publicWarnings, WarningStore warnings, AreaStore areas, IOptions<PublicationOptions> options,
        CapSigner signer, Warning.Publication.Authorities.Authorities authorities, int? version = null)
    {
        var warning = await publicWarnings.Get(id);
        if (warning is null && await warnings.GetVisible(id) is { } sensorWarning)
            warning = SensorWarningCap.AsPublic(sensorWarning, options.Value, authorities.Current);
        if (warning is null) return TypedResults.NotFound(new ApiError($"no warning \"{id}\"", "id"));
        if (warning.Versions.Count == 0) return TypedResults.NotFound(new ApiError($"warning \"{id}\" has no published version yet", "id"));
        var number = version ?? warning.Versions[^1].Number;
        if (warning.Versions.All(v => v.Number != number))
            return TypedResults.NotFound(new ApiError($"warning \"{id}\" has versions 1..{warning.Versions.Count}, not {number}", "version"));
        var known = await areas.Known([warning.Area, warning.Region]);
        return Xml(signer.Sign(CapDocument.Build(warning, number, options.Value, known)), CapType);
    }

    public static async Task<IResult> Feed(HttpContext http, PublicWarningStore store, AreaStore areas, IOptions<PublicationOptions> options, CapSigner signer, TimeProvider time)
    {
        var warnings = (await store.List(active: true)).Concat(await store.List(active: false, limit: RecentlyClosed)).ToList();
        var known = await areas.Known(warnings.SelectMany(w => new[] { w.Area, w.Region }));
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
        return Xml(AtomFeed.Build(warnings, baseUrl, options.Value, signer, time.GetUtcNow(), known), "application/atom+xml; charset=utf-8");
    }

    private static IResult Xml(XDocument document, string contentType)
    {
        var text = new StringBuilder();
        using (var writer = new Utf8StringWriter(text)) document.Save(writer);
        return TypedResults.Text(text.ToString(), contentType, Encoding.UTF8);
    }

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
