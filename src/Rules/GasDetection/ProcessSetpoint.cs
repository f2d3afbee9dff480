namespace Warning.Rules.GasDetection;

/// <summary>A process value's alarm setpoints: <c>high</c> is yellow, <c>highHigh</c> orange.</summary>
public sealed record ProcessSetpoint(string Metric, double High, double HighHigh);
