namespace Warning.Rules.Windows;

/// <summary>
/// A metric's value at an event time (for rain: the rain fallen in the interval ending at <see cref="Ts"/>). A struct:
/// a gauge's day of 5-minute samples, twice (live and settled), is most of a sensor grain's memory.
/// </summary>
public readonly record struct TimedValue(DateTimeOffset Ts, double Value);
