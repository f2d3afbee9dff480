using System.Xml.Linq;
using Warning.Grains.Publication;
using Warning.Publication.Areas;

namespace Warning.Publication.Cap;

/// <summary>
/// The Atom feed of current CAP messages: one entry per public warning, its latest published version inline — signed
/// as the single message is, so each entry's alert verifies on its own.
/// </summary>
public static class AtomFeed
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <param name="areas">Known areas by code, for each entry's <c>areaDesc</c> and <c>polygon</c> (see <see cref="CapDocument"/>).</param>
    public static XDocument Build(IReadOnlyList<PublicWarning> warnings, string baseUrl, PublicationOptions options, CapSigner signer, DateTimeOffset now,
        IReadOnlyDictionary<string, KnownArea>? areas = null)
    {
        var entries = warnings
            .Select(w => (Warning: w, Version: w.Versions.LastOrDefault(v => v.HeldBy is null)))
            .Where(e => e.Version is not null)
            .OrderByDescending(e => e.Version!.Sent)
            .Select(e => Entry(e.Warning, e.Version!, baseUrl, options, signer, areas));
        var feed = new XElement(Atom + "feed",
            new XElement(Atom + "id", $"{baseUrl}/api/cap/feed"),
            new XElement(Atom + "title", $"{options.SenderName} CAP"),
            new XElement(Atom + "updated", CapDocument.Time(warnings.Count == 0 ? now : warnings.Max(w => w.Updated))),
            new XElement(Atom + "author", new XElement(Atom + "name", options.SenderName)),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", $"{baseUrl}/api/cap/feed")),
            entries);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), feed);
    }

    private static XElement Entry(PublicWarning warning, PublicWarningVersion version, string baseUrl, PublicationOptions options, CapSigner signer,
        IReadOnlyDictionary<string, KnownArea>? areas)
    {
        var cap = signer.Sign(CapDocument.Build(warning, version.Number, options, areas)).Root!;
        var headline = cap.Element(CapDocument.Ns + "info")!.Element(CapDocument.Ns + "headline")!.Value;
        return new XElement(Atom + "entry",
            new XElement(Atom + "id", $"urn:cap:{version.Identifier}"),
            new XElement(Atom + "title", headline),
            new XElement(Atom + "updated", CapDocument.Time(version.Sent)),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "application/cap+xml"),
                new XAttribute("href", $"{baseUrl}/api/warnings/{Uri.EscapeDataString(warning.Id)}/cap?version={version.Number}")),
            new XElement(Atom + "summary", $"{warning.Level} · {warning.Status} · v{version.Number} {version.MsgType}"),
            new XElement(Atom + "content", new XAttribute("type", "application/cap+xml"), cap));
    }
}
