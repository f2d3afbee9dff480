using System.Text.RegularExpressions;
using Warning.Rules.Reports;

namespace Warning.Ingest.Reports;

/// <summary>
/// Body of <c>POST /api/reports</c> and payload of MQTT <c>reports/{area}</c>: who (<see cref="Reporter"/>, and the
/// <see cref="Phone"/> that identifies them on the roster), where (<see cref="Area"/>, optionally
/// <see cref="Lat"/>/<see cref="Lon"/>), what (<see cref="Kind"/>, <see cref="Text"/>, <see cref="Photos"/>; a
/// <c>rain</c> report's <see cref="Amount"/> in mm) and when (<see cref="Observed"/>; unset, when it arrived).
/// </summary>
public sealed partial record ReportInput(
    string? Reporter, string? Phone, string? Area, double? Lat, double? Lon, string? Kind, string? Text,
    List<string>? Photos, DateTimeOffset? Observed, double? Amount = null)
{
    public const int MaxText = 1000;
    public const int MaxPhotos = 10;

    [GeneratedRegex(@"^\d{6}(\d{3}(\d{3})?)?$")]
    private static partial Regex AreaCode();

    [GeneratedRegex(@"^\+?\d{5,20}$")]
    private static partial Regex PhoneNumber();

    /// <summary>Every problem, each naming its field; empty when the input is a report.</summary>
    public IReadOnlyList<(string Field, string Error)> Problems(DateTimeOffset now)
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(Kind)) problems.Add(("kind", $"kind is required: one of {string.Join(", ", ReportKinds.All.Select(k => k.Kind))}"));
        else if (!ReportKinds.Names.Contains(Kind)) problems.Add(("kind", $"unknown kind \"{Kind}\": expected one of {string.Join(", ", ReportKinds.All.Select(k => k.Kind))}"));
        if (string.IsNullOrWhiteSpace(Phone)) problems.Add(("phone", "phone is required: the reporter's number, which finds them on the roster, e.g. +8613800000000"));
        else if (!PhoneNumber().IsMatch(Phone.Trim())) problems.Add(("phone", $"expected a telephone number of digits with an optional leading +, got \"{Phone}\""));
        if (string.IsNullOrWhiteSpace(Area)) problems.Add(("area", "area is required: the village (12 digits), township (9) or county (6) code"));
        else if (!AreaCode().IsMatch(Area)) problems.Add(("area", $"expected an area code of 6, 9 or 12 digits, got \"{Area}\""));
        if (Lat is null != Lon is null) problems.Add((Lat is null ? "lat" : "lon", "lat and lon go together: give both or neither"));
        if (Lat is { } lat && (!double.IsFinite(lat) || lat is < -90 or > 90)) problems.Add(("lat", $"expected a latitude from -90 to 90, got {lat}"));
        if (Lon is { } lon && (!double.IsFinite(lon) || lon is < -180 or > 180)) problems.Add(("lon", $"expected a longitude from -180 to 180, got {lon}"));
        if (Text is { Length: > MaxText }) problems.Add(("text", $"text is {Text.Length} characters; at most {MaxText}"));
        if (Reporter is { Length: > 100 }) problems.Add(("reporter", "reporter is at most 100 characters"));
        if (Photos is { Count: > MaxPhotos }) problems.Add(("photos", $"at most {MaxPhotos} photos, got {Photos.Count}"));
        for (var i = 0; i < (Photos?.Count ?? 0); i++)
        {
            if (!Uri.TryCreate(Photos![i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                problems.Add(($"photos[{i}]", $"expected an http(s) URL, got \"{Photos[i]}\""));
        }
        if (Observed is { } observed && observed > now.AddMinutes(5)) problems.Add(("observed", $"observed {observed:O} is in the future"));
        if (Kind == ReportKinds.Rain && Amount is null) problems.Add(("amount", "a rain report needs amount: the gauge's millimetres"));
        if (Amount is { } amount && (!double.IsFinite(amount) || amount is < 0 or > 2000)) problems.Add(("amount", $"expected millimetres from 0 to 2000, got {amount}"));
        return problems;
    }
}
