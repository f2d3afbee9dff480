namespace Warning.Ingest.Forecasts;

/// <summary>The MQTT topic of rainfall forecasts: <c>forecasts/rain/{sensorId}</c>.</summary>
public static class ForecastTopic
{
    public const string Filter = "forecasts/rain/+";

    public const string Prefix = "forecasts/";

    /// <summary>The gauge a forecast topic names, or null when the topic is not <c>forecasts/rain/{sensorId}</c>.</summary>
    public static string? SensorOf(string topic)
    {
        var parts = topic.Split('/');
        return parts.Length == 3 && parts[0] == "forecasts" && parts[1] == "rain" && parts[2].Length > 0 ? parts[2] : null;
    }
}
