namespace Warning.Rules.Evaluation;

/// <summary>Why a level holds: the metric, its window, the value seen and the threshold it met.</summary>
public sealed record Evidence(string Metric, TimeSpan Window, double Value, double Threshold);
