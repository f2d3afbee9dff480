namespace Warning.Rules.Forecasts;

/// <summary>Rain forecast to fall in the interval ending at <see cref="Ts"/>, and the issue it came from.</summary>
public readonly record struct ForecastStep(DateTimeOffset Ts, double RainMm, DateTimeOffset Issued);
