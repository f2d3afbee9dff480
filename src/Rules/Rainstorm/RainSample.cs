namespace Warning.Rules.Rainstorm;

/// <summary>Rain fallen in the interval ending at <see cref="Ts"/>.</summary>
public sealed record RainSample(DateTimeOffset Ts, double Millimetres);
