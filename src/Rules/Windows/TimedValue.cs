namespace Warning.Rules.Windows;

/// <summary>
/// A metric's value at an event time (for rain: the rain fallen in the interval ending at <see cref="Ts"/>). Windows
/// hold their samples packed (<see cref="PackedWindow"/>); this is one sample taken out, or saved.
/// </summary>
public readonly record struct TimedValue(DateTimeOffset Ts, double Value);
