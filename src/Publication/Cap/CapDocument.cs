using System.Globalization;
using System.Xml.Linq;
using Warning.Grains.Publication;
using Warning.Grains.Warnings;
using Warning.Publication.Areas;
using Warning.Publication.Texts;
using Warning.Rules.Levels;

namespace Warning.Publication.Cap;

/// <summary>
/// One CAP 1.2 alert for one version of a public warning: msgType and references chain over the versions before
/// it, <c>AllClear</c> on an ending, <c>Exercise</c> for drills and replays, a Chinese and an English info block,
/// the area with its region codes as geocodes. An area whose name and boundary are known (<paramref name="areas"/> of
/// <see cref="Build"/>, from <c>PUT /api/areas</c>) is described by its name and its county's and drawn as one polygon
/// per outer ring; an unknown one by its codes and a circle around each sensor with a known position. The version's
/// issuing units (config/authorities.yaml: those that approved it) are its <c>sender</c> and <c>senderName</c> — a joint
/// warning names them all (senderName 某某县自然资源局、某某县气象局; sender their addresses joined by <c>+</c>) —
/// and the centre (<c>Publication:Sender</c>, <c>SenderName</c>) when no unit approved it. A version whose level rests on a
/// forecast (basis <c>forecast</c>) is urgency <c>Expected</c>, certainty <c>Likely</c>, onset the forecast crossing.
/// </summary>
public static class CapDocument
{
    public static readonly XNamespace Ns = "urn:oasis:names:tc:emergency:cap:1.2";

    /// <param name="areas">The known areas by code (the warning's area and its county are looked up); none when null.</param>
    public static XDocument Build(PublicWarning warning, int versionNumber, PublicationOptions options, IReadOnlyDictionary<string, KnownArea>? areas = null)
    {
        var version = warning.Versions.Single(v => v.Number == versionNumber);
        var earlier = warning.Versions.Where(v => v.Number < versionNumber).ToList();
        var alert = new XElement(Ns + "alert",
            new XElement(Ns + "identifier", version.Identifier),
            new XElement(Ns + "sender", Sender(version, options)),
            new XElement(Ns + "sent", Time(version.Sent)),
            new XElement(Ns + "status", warning.Exercise ? "Exercise" : "Actual"),
            new XElement(Ns + "msgType", version.MsgType),
            new XElement(Ns + "scope", "Public"),
            new XElement(Ns + "code", "GB/T 35965.1"),
            earlier.Count == 0 ? null : new XElement(Ns + "references",
                string.Join(' ', earlier.Select(v => $"{Sender(v, options)},{v.Identifier},{Time(v.Sent)}"))),
            new XElement(Ns + "incidents", warning.Id),
            Info(warning, version, Language.Chinese, options, areas),
            Info(warning, version, Language.English, options, areas));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), alert);
    }

    /// <summary>CAP <c>sender</c> of a version: its issuing units' addresses joined by <c>+</c> (no spaces or commas, as CAP requires), or the centre's.</summary>
    public static string Sender(PublicWarningVersion version, PublicationOptions options) =>
        version.Issuers is { Count: > 0 } units ? string.Join('+', units.Select(u => u.Sender)) : options.Sender;

    /// <summary>CAP <c>senderName</c> of a version: its issuing units' names joined by 、 (a joint warning names each), or the centre's.</summary>
    public static string SenderName(PublicWarningVersion version, PublicationOptions options) =>
        version.Issuers is { Count: > 0 } units ? string.Join('、', units.Select(u => u.Name)) : options.SenderName;

    /// <summary>CAP's dateTime form: seconds and an explicit offset (no <c>Z</c>), in Beijing time.</summary>
    public static string Time(DateTimeOffset at) =>
        at.ToOffset(CapIdentifier.Beijing).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// By the version's evidence (<see cref="Warning.Rules.Reports.ReportFusion.Certainty"/>): a forecast, a sensor and
    /// a verified community report that agree (a contributing warning raised by a report carries the report's
    /// evidence), or sensors alone — of the hazard itself, or of a landslide's precursors.
    /// </summary>
    private static string Certainty(PublicWarning warning, PublicWarningVersion version, bool forecast) =>
        Warning.Rules.Reports.ReportFusion.Certainty(forecast, precursor: warning.Hazard == Hazards.Geohazard,
            report: warning.Contributors.Any(c => version.Contributors.Contains(c.WarningId) && c.Evidence?.Metric == WarningEvidence.ReportMetric));

    private static XElement Info(PublicWarning warning, PublicWarningVersion version, Language language, PublicationOptions options, IReadOnlyDictionary<string, KnownArea>? areas)
    {
        WarningLevelNames.TryParse(version.Level, out var level);
        var text = PublicTexts.For(warning, version, language);
        var live = version.MsgType != "Cancel" && !version.AllClear;
        // A level that rests on a forecast (warning basis "forecast"): expected, likely, onset the forecast crossing.
        var forecast = version.Basis == WarningBases.Forecast;
        return new XElement(Ns + "info",
            new XElement(Ns + "language", language == Language.Chinese ? "zh-CN" : "en-US"),
            new XElement(Ns + "category", HazardTexts.CapCategory(warning.Hazard)),
            new XElement(Ns + "event", text.Event),
            new XElement(Ns + "responseType", live ? HazardTexts.CapResponse(warning.Hazard, level) : version.AllClear ? "AllClear" : "None"),
            new XElement(Ns + "urgency", live ? forecast ? "Expected" : Urgency(level) : "Past"),
            new XElement(Ns + "severity", live ? Severity(level) : "Minor"),
            new XElement(Ns + "certainty", Certainty(warning, version, live && forecast)),
            new XElement(Ns + "eventCode", new XElement(Ns + "valueName", "hazard"), new XElement(Ns + "value", warning.Hazard)),
            new XElement(Ns + "effective", Time(version.Sent)),
            new XElement(Ns + "onset", Time(live && forecast && version.ExpectedOnset is { } crossing ? crossing : warning.Onset)),
            new XElement(Ns + "senderName", SenderName(version, options)),
            new XElement(Ns + "headline", text.Headline),
            new XElement(Ns + "description", text.Description),
            new XElement(Ns + "instruction", text.Instruction),
            Parameter("level", version.Level),
            Parameter("sensors", string.Join(' ', warning.Contributors.Where(c => version.Contributors.Contains(c.WarningId)).Select(c => c.SensorId))),
            Area(warning, version, options, areas));
    }

    private static XElement Parameter(string name, string value) =>
        new(Ns + "parameter", new XElement(Ns + "valueName", name), new XElement(Ns + "value", value));

    private static XElement Area(PublicWarning warning, PublicWarningVersion version, PublicationOptions options, IReadOnlyDictionary<string, KnownArea>? areas)
    {
        var known = areas?.GetValueOrDefault(warning.Area);
        var county = areas?.GetValueOrDefault(warning.Region);
        var description = known is null
            ? (warning.Area == warning.Region ? warning.Area : $"{warning.Area}（{warning.Region}）")
            : (warning.Area == warning.Region ? known.Name : $"{known.Name}（{county?.Name ?? warning.Region}）");
        // A known boundary is the area; circles around the sensors only stand in for one that is not known.
        var polygons = known?.Boundary?.OuterRings.Select(r => new XElement(Ns + "polygon", AreaBoundary.CapPolygon(r))).ToList() ?? [];
        IEnumerable<XElement> circles = polygons.Count > 0 ? [] : warning.Contributors
            .Where(c => version.Contributors.Contains(c.WarningId) && c.Lat is not null && c.Lon is not null)
            .Select(c => new XElement(Ns + "circle", string.Create(CultureInfo.InvariantCulture, $"{c.Lat:0.#####},{c.Lon:0.#####} {options.CircleRadiusKm:0.##}")));
        return new XElement(Ns + "area",
            new XElement(Ns + "areaDesc", description),
            polygons,
            circles,
            Geocode("GB/T 2260", warning.Region),
            warning.Area != warning.Region ? Geocode(warning.Area.All(char.IsAsciiDigit) ? "GB/T 10114" : "area", warning.Area) : null);
    }

    private static XElement Geocode(string name, string value) =>
        new(Ns + "geocode", new XElement(Ns + "valueName", name), new XElement(Ns + "value", value));

    private static string Urgency(WarningLevel level) => level >= WarningLevel.Orange ? "Immediate" : level == WarningLevel.Yellow ? "Expected" : "Future";

    private static string Severity(WarningLevel level) => level switch
    {
        WarningLevel.Red => "Extreme",
        WarningLevel.Orange => "Severe",
        WarningLevel.Yellow => "Moderate",
        _ => "Minor",
    };
}
