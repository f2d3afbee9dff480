namespace Warning.Ingest.Telemetry;

/// <summary>A parsed <c>sensors/{kind}/{sensorId}/{telemetry|status}</c> topic.</summary>
public sealed record SensorTopic(string Kind, string SensorId, string Channel)
{
    public const string TelemetryFilter = "sensors/+/+/telemetry";
    public const string StatusFilter = "sensors/+/+/status";

    public static SensorTopic? Parse(string topic)
    {
        var parts = topic.Split('/');
        if (parts.Length != 4 || parts[0] != "sensors" || parts[3] is not ("telemetry" or "status")) return null;
        return new SensorTopic(parts[1], parts[2], parts[3]);
    }
}
