using System.Globalization;
using System.Text.Json;
using Warning.Grains.Telemetry;

namespace Warning.Ingest.Telemetry;

/// <summary>
/// Validates one telemetry payload against the contract and names the first thing wrong with it.
/// <c>{"ts": "2021-07-20T16:00:00+08:00", "seq": 1842, "values": {"rain_mm": 12.4}}</c>
/// </summary>
public static class TelemetryParser
{
    public static (Reading? Reading, Rejection? Rejection) Parse(string sensorId, ReadOnlyMemory<byte> payload, DateTimeOffset now)
    {
        if (payload.Length > TelemetryLimits.MaxPayloadBytes)
        {
            return Reject(RejectReason.Oversize, "$", $"payload is {payload.Length} bytes; at most {TelemetryLimits.MaxPayloadBytes} are taken");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            return Reject(LooksNonFinite(payload.Span) ? RejectReason.NotFinite : RejectReason.MalformedJson, "$",
                $"payload is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            return Parse(sensorId, doc.RootElement, "$", now);
        }
    }

    /// <summary>Parses one element (a payload, or an item of an HTTP array at <paramref name="path"/>).</summary>
    public static (Reading? Reading, Rejection? Rejection) Parse(string sensorId, JsonElement root, string path, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Reject(RejectReason.WrongType, path, $"expected a JSON object, got {root.ValueKind}");
        }

        if (!root.TryGetProperty("ts", out var tsElement))
        {
            return Reject(RejectReason.MissingField, $"{path}.ts", "ts (event time, ISO 8601 with offset) is missing");
        }
        if (tsElement.ValueKind != JsonValueKind.String)
        {
            return Reject(RejectReason.WrongType, $"{path}.ts", $"expected an ISO 8601 string, got {tsElement.ValueKind}");
        }
        var tsText = tsElement.GetString()!;
        if (!TelemetryLimits.TimestampWithOffset().IsMatch(tsText)
            || !DateTimeOffset.TryParse(tsText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var ts))
        {
            return Reject(RejectReason.BadTimestamp, $"{path}.ts", $"expected ISO 8601 with an offset such as 2021-07-20T16:00:00+08:00, got \"{tsText}\"");
        }
        if (ts - now > TelemetryLimits.MaxFutureSkew)
        {
            return Reject(RejectReason.FutureTimestamp, $"{path}.ts", $"\"{tsText}\" is more than 1 day ahead of the engine's clock");
        }

        long? seq = null;
        if (root.TryGetProperty("seq", out var seqElement) && seqElement.ValueKind != JsonValueKind.Null)
        {
            if (seqElement.ValueKind != JsonValueKind.Number || !seqElement.TryGetInt64(out var s))
            {
                return Reject(RejectReason.WrongType, $"{path}.seq", $"expected an integer, got {seqElement.GetRawText()}");
            }
            seq = s;
        }

        if (!root.TryGetProperty("values", out var valuesElement))
        {
            return Reject(RejectReason.MissingField, $"{path}.values", "values (metric name → number) is missing");
        }
        if (valuesElement.ValueKind != JsonValueKind.Object)
        {
            return Reject(RejectReason.WrongType, $"{path}.values", $"expected an object of metric name → number, got {valuesElement.ValueKind}");
        }
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in valuesElement.EnumerateObject())
        {
            var field = $"{path}.values.{metric.Name}";
            if (!TelemetryLimits.MetricName().IsMatch(metric.Name))
            {
                return Reject(RejectReason.WrongType, field, "a metric name is letters, digits and '_', starting with a letter or '_'");
            }
            if (metric.Value.ValueKind != JsonValueKind.Number)
            {
                var got = metric.Value.ValueKind == JsonValueKind.String ? $"\"{metric.Value.GetString()}\"" : metric.Value.ValueKind.ToString();
                return Reject(RejectReason.WrongType, field, $"expected a number, got {got}");
            }
            if (!metric.Value.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                return Reject(RejectReason.NotFinite, field, $"expected a finite number, got {metric.Value.GetRawText()}");
            }
            values[metric.Name] = value;
        }
        if (values.Count == 0)
        {
            return Reject(RejectReason.MissingField, $"{path}.values", "values holds no metric");
        }
        return (new Reading(sensorId, ts, seq, values), null);
    }

    // NaN and Infinity are not JSON; a sensor that sends them gets told so rather than "malformed".
    private static bool LooksNonFinite(ReadOnlySpan<byte> payload) =>
        payload.IndexOf("NaN"u8) >= 0 || payload.IndexOf("Infinity"u8) >= 0;

    private static (Reading?, Rejection?) Reject(string reason, string field, string error) =>
        (null, new Rejection(reason, field, error));
}
