using Warning.Rules.Evaluation;
using Warning.Rules.Levels;

namespace Warning.Rules.Forecasts;

/// <summary>The highest level observed-plus-forecast rain reaches within the horizon, and when it first does.</summary>
public sealed record ForecastCrossing(WarningLevel Level, Evidence Evidence, DateTimeOffset Crossing);
