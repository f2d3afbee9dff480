namespace Warning.Silo.Synth;

/// <summary>
/// How synthetic forecasts differ from the rain that fell (they are synthetic: made from the observed series, not by
/// any weather model). Each gauge gets an issue at each of its rain readings, forecasting the next
/// <see cref="Horizon"/> step by step from the observed series <see cref="Shift"/> later (a positive shift: the
/// forecast rain comes late); every issue's amounts are scaled by exp(<see cref="Amplitude"/> · z), z standard normal;
/// with probability <see cref="MissRate"/> an issue forecasts no rain at all (a miss); with probability
/// <see cref="FalseAlarmRate"/> an issue adds <see cref="FalseAlarmMm"/> spread over its first two steps (a false alarm).
/// All zero: a perfect forecast.
/// </summary>
public sealed record ForecastErrorModel(
    TimeSpan Horizon,
    TimeSpan Shift,
    double Amplitude,
    double MissRate,
    double FalseAlarmRate,
    double FalseAlarmMm,
    int Seed)
{
    public static ForecastErrorModel Perfect(TimeSpan horizon) => new(horizon, TimeSpan.Zero, 0, 0, 0, 0, 1);
}
