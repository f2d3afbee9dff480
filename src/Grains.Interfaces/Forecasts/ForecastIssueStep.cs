namespace Warning.Grains.Forecasts;

/// <summary>Rain forecast to fall in the interval ending at <see cref="Ts"/>.</summary>
[GenerateSerializer, Immutable, Alias("Warning.ForecastIssueStep")]
public sealed record ForecastIssueStep([property: Id(0)] DateTimeOffset Ts, [property: Id(1)] double RainMm);
