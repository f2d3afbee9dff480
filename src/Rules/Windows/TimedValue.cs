namespace Warning.Rules.Windows;

/// <summary>A metric's value at an event time (for rain: the rain fallen in the interval ending at <see cref="Ts"/>).</summary>
public sealed record TimedValue(DateTimeOffset Ts, double Value);
