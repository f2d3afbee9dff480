namespace Warning.Grains.Forecasts;

/// <summary>
/// One validated rainfall forecast issue for a gauge (MQTT <c>forecasts/rain/{sensorId}</c> or <c>POST /api/forecasts</c>):
/// its issue time (an event time), who made it and the rain forecast per interval ending at each step's time.
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.ForecastIssue")]
public sealed record ForecastIssue(
    [property: Id(0)] string SensorId,
    [property: Id(1)] DateTimeOffset Issued,
    [property: Id(2)] string Source,
    [property: Id(3)] IReadOnlyList<ForecastIssueStep> Steps);
