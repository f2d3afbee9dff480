using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warning.Grains.Warnings;

/// <summary>
/// The contract's evidence: metric, ISO 8601 window, value and threshold. Evidence from a verified community report
/// (metric <c>report</c>) has the report's kind as its value (<see cref="ValueText"/>) and names the report
/// (<see cref="ReportId"/>): <c>{"metric": "report", "window": "PT24H", "value": "crack", "threshold": 0, "reportId": "rp-…"}</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.WarningEvidence")]
[JsonConverter(typeof(WarningEvidenceJson))]
public sealed record WarningEvidence(
    [property: Id(0)] string Metric,
    [property: Id(1)] string Window,
    [property: Id(2)] double Value,
    [property: Id(3)] double Threshold,
    [property: Id(4)] string? ValueText = null,
    [property: Id(5)] string? ReportId = null)
{
    public const string ReportMetric = "report";
}

/// <summary>Writes <see cref="WarningEvidence.ValueText"/> as the value when there is one; reads either.</summary>
public sealed class WarningEvidenceJson : JsonConverter<WarningEvidence>
{
    public override WarningEvidence? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var e = doc.RootElement;
        string? Text(string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        double Number(string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : 0;
        var value = e.TryGetProperty("value", out var v) ? v : default;
        return new WarningEvidence(Text("metric") ?? "", Text("window") ?? "", value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0, Number("threshold"),
            value.ValueKind == JsonValueKind.String ? value.GetString() : null, Text("reportId"));
    }

    public override void Write(Utf8JsonWriter writer, WarningEvidence value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("metric", value.Metric);
        writer.WriteString("window", value.Window);
        if (value.ValueText is { } text) writer.WriteString("value", text);
        else writer.WriteNumber("value", value.Value);
        writer.WriteNumber("threshold", value.Threshold);
        if (value.ReportId is { } id) writer.WriteString("reportId", id);
        writer.WriteEndObject();
    }
}
