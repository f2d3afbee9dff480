using System.Globalization;
using System.Text.RegularExpressions;

namespace Warning.Rules.Reports;

/// <summary>
/// The short form of a report by SMS (README, <i>Community reports</i>):
/// <c>KIND [@lat,lon] [text]</c> — KIND is the code letters (<c>LF</c>) or a Chinese word (<c>裂缝</c>), or both
/// (<c>LF 裂缝 加宽 5cm</c>); an optional position <c>@34.1,105.6</c>; the rest is free text. A <c>rain</c> report
/// needs its amount in the text (<c>YL 35mm</c>: the first number, millimetres). Pure.
/// </summary>
public static partial class SmsReport
{
    [GeneratedRegex(@"^@\s*(-?\d+(?:\.\d+)?)\s*[,，]\s*(-?\d+(?:\.\d+)?)")]
    private static partial Regex Position();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s*(?:mm|毫米)?", RegexOptions.IgnoreCase)]
    private static partial Regex Amount();

    [GeneratedRegex(@"^([A-Za-z]{2})(?=\s|$|[^A-Za-z])")]
    private static partial Regex CodeLetters();

    /// <summary>What an SMS said: a report's kind, position, amount and text; or why it is not one.</summary>
    public sealed record Parsed(string? Kind, double? Lat, double? Lon, double? Amount, string Text, string? Problem, string? Field, string? Token = null);

    /// <summary>True when the text starts like a report (a kind's code letters or word), whether or not the rest is right.</summary>
    public static bool LooksLikeReport(string text) => Leading(text.Trim()) is not null;

    public static Parsed Parse(string text)
    {
        var rest = text.Trim();
        if (rest.Length == 0) return Problem("the message is empty: start with a kind, e.g. \"LF 裂缝 加宽 5cm\"", "kind");
        var lead = Leading(rest);
        if (lead is null)
        {
            var first = rest.Split([' ', '\u3000'], 2)[0];
            return Problem($"\"{first}\" names no kind of report; use one of {Codes()}", "kind", first);
        }
        var (kind, length) = lead.Value;
        rest = rest[length..].TrimStart(' ', '\u3000', ',', '，', ':', '：');
        // The code letters may be followed by the kind's word (LF 裂缝 …): said twice, meant once.
        if (ReportKinds.Leading(rest) is { } again && again.Kind == kind) rest = rest[again.Word.Length..].TrimStart(' ', '\u3000', ',', '，');
        else if (ReportKinds.Leading(rest) is { } other)
            return Problem($"the kind is named twice and differently: {ReportKinds.Label(kind)} and {other.Word}", "kind", other.Word);
        double? lat = null, lon = null;
        if (Position().Match(rest) is { Success: true } p)
        {
            lat = double.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture);
            lon = double.Parse(p.Groups[2].Value, CultureInfo.InvariantCulture);
            if (lat is < -90 or > 90 || lon is < -180 or > 180) return Problem($"the position @{p.Groups[1].Value},{p.Groups[2].Value} is not a latitude and longitude", "position", p.Value);
            rest = rest[p.Length..].TrimStart(' ', '\u3000', ',', '，');
        }
        else if (rest.StartsWith('@')) return Problem("the position after @ must be \"@latitude,longitude\", e.g. @34.86,105.67", "position");
        double? amount = null;
        if (kind == ReportKinds.Rain)
        {
            if (Amount().Match(rest) is not { Success: true } a) return Problem("a rain report needs the amount in millimetres, e.g. \"YL 35mm\"", "amount");
            amount = double.Parse(a.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        return new Parsed(kind, lat, lon, amount, rest, null, null);
    }

    /// <summary>The codes and words, for a reply that names what was not understood.</summary>
    public static string Codes() => string.Join(" ", ReportKinds.All.Select(k => $"{k.Code}{k.Words[0]}"));

    private static (string Kind, int Length)? Leading(string text)
    {
        if (CodeLetters().Match(text) is { Success: true } m && ReportKinds.Named(m.Groups[1].Value) is { } byCode) return (byCode, m.Length);
        if (ReportKinds.Leading(text) is { } byWord) return (byWord.Kind, byWord.Word.Length);
        return null;
    }

    private static Parsed Problem(string problem, string field, string? token = null) => new(null, null, null, null, "", problem, field, token);
}
