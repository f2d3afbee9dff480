using System.Globalization;
using System.Text.Json;
using Warning.Grains.Forecasts;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Forecasts;

/// <summary>
/// Validates one rainfall forecast issue against the contract and names the first thing wrong with it (the same
/// refusals and reasons as telemetry):
/// <c>{"issued": "2021-07-20T14:00:00+08:00", "source": "county-met", "steps": [{"ts": "2021-07-20T15:00:00+08:00", "rain_mm": 12.5}]}</c>.
/// Steps are amounts per interval ending at <c>ts</c> (hourly or finer), strictly increasing, after the issue time and
/// within <see cref="MaxLead"/> of it; an empty <c>steps</c> withdraws the issue's earlier steps.
/// </summary>
public static class ForecastParser
{
    public const int MaxSteps = 720;

    public const int MaxPayloadBytes = 128 * 1024;

    /// <summary>How far ahead of its issue a step may be.</summary>
    public static readonly TimeSpan MaxLead = TimeSpan.FromDays(10);

    /// <summary>The largest amount one step may forecast (a world-record hour is about 305 mm).</summary>
    public const double MaxStepMm = 500;

    public static (ForecastIssue? Forecast, Rejection? Rejection) Parse(string sensorId, ReadOnlyMemory<byte> payload, DateTimeOffset now)
    {
        if (payload.Length > MaxPayloadBytes)
            return Reject(RejectReason.Oversize, "$", $"payload is {payload.Length} bytes; at most {MaxPayloadBytes} are taken");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            return Reject(RejectReason.MalformedJson, "$", $"payload is not valid JSON: {e.Message}");
        }
        using (doc) return Parse(sensorId, doc.RootElement, "$", now);
    }

    public static (ForecastIssue? Forecast, Rejection? Rejection) Parse(string sensorId, JsonElement root, string path, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object) return Reject(RejectReason.WrongType, path, $"expected a JSON object, got {root.ValueKind}");
        if (Time(root, "issued", path, out var issued) is { } badIssued) return (null, badIssued);
        if (issued - now > TelemetryLimits.MaxFutureSkew)
            return Reject(RejectReason.FutureTimestamp, $"{path}.issued", $"\"{root.GetProperty("issued").GetString()}\" is more than 1 day ahead of the engine's clock");

        if (!root.TryGetProperty("source", out var sourceElement))
            return Reject(RejectReason.MissingField, $"{path}.source", "source (who made the forecast, e.g. \"county-met\") is missing");
        if (sourceElement.ValueKind != JsonValueKind.String || sourceElement.GetString() is not { Length: > 0 and <= 64 } source)
            return Reject(RejectReason.WrongType, $"{path}.source", $"expected a string of 1 to 64 characters, got {sourceElement.GetRawText()}");

        if (!root.TryGetProperty("steps", out var stepsElement))
            return Reject(RejectReason.MissingField, $"{path}.steps", "steps ([{\"ts\", \"rain_mm\"}, …], or [] to withdraw) is missing");
        if (stepsElement.ValueKind != JsonValueKind.Array)
            return Reject(RejectReason.WrongType, $"{path}.steps", $"expected an array of {{\"ts\", \"rain_mm\"}}, got {stepsElement.ValueKind}");
        if (stepsElement.GetArrayLength() > MaxSteps)
            return Reject(RejectReason.Oversize, $"{path}.steps", $"{stepsElement.GetArrayLength()} steps; at most {MaxSteps} are taken");

        var steps = new List<ForecastIssueStep>();
        var index = 0;
        foreach (var item in stepsElement.EnumerateArray())
        {
            var at = $"{path}.steps[{index++}]";
            if (item.ValueKind != JsonValueKind.Object) return Reject(RejectReason.WrongType, at, $"expected an object {{\"ts\", \"rain_mm\"}}, got {item.ValueKind}");
            if (Time(item, "ts", at, out var ts) is { } badTs) return (null, badTs);
            if (ts <= issued) return Reject(RejectReason.BadTimestamp, $"{at}.ts", $"a step must end after the issue time {Text(issued)}, got {Text(ts)}");
            if (ts - issued > MaxLead) return Reject(RejectReason.BadTimestamp, $"{at}.ts", $"a step may end at most {MaxLead.TotalDays:0} days after the issue time, got {Text(ts)}");
            if (steps.Count > 0 && ts <= steps[^1].Ts) return Reject(RejectReason.BadTimestamp, $"{at}.ts", $"steps must be in increasing time order: {Text(ts)} is not after {Text(steps[^1].Ts)}");
            if (!item.TryGetProperty("rain_mm", out var mmElement)) return Reject(RejectReason.MissingField, $"{at}.rain_mm", "rain_mm (rain forecast in the interval ending at ts) is missing");
            if (mmElement.ValueKind != JsonValueKind.Number) return Reject(RejectReason.WrongType, $"{at}.rain_mm", $"expected a number, got {mmElement.GetRawText()}");
            if (!mmElement.TryGetDouble(out var mm) || !double.IsFinite(mm)) return Reject(RejectReason.NotFinite, $"{at}.rain_mm", $"expected a finite number, got {mmElement.GetRawText()}");
            if (mm is < 0 or > MaxStepMm) return Reject(RejectReason.WrongType, $"{at}.rain_mm", $"expected 0 to {MaxStepMm} mm, got {mmElement.GetRawText()}");
            steps.Add(new ForecastIssueStep(ts, mm));
        }
        return (new ForecastIssue(sensorId, issued, source, steps), null);
    }

    private static Rejection? Time(JsonElement root, string name, string path, out DateTimeOffset value)
    {
        value = default;
        if (!root.TryGetProperty(name, out var element)) return new Rejection(RejectReason.MissingField, $"{path}.{name}", $"{name} (ISO 8601 with offset) is missing");
        if (element.ValueKind != JsonValueKind.String) return new Rejection(RejectReason.WrongType, $"{path}.{name}", $"expected an ISO 8601 string, got {element.ValueKind}");
        var text = element.GetString()!;
        if (!TelemetryLimits.TimestampWithOffset().IsMatch(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
            return new Rejection(RejectReason.BadTimestamp, $"{path}.{name}", $"expected ISO 8601 with an offset such as 2021-07-20T16:00:00+08:00, got \"{text}\"");
        return null;
    }

    private static string Text(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static (ForecastIssue?, Rejection?) Reject(string reason, string field, string error) => (null, new Rejection(reason, field, error));
}
