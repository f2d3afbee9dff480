namespace Warning.Grains.Warnings;

/// <summary>The contract's evidence: metric, ISO 8601 window, value and threshold.</summary>
[GenerateSerializer, Immutable, Alias("Warning.WarningEvidence")]
public sealed record WarningEvidence(
    [property: Id(0)] string Metric,
    [property: Id(1)] string Window,
    [property: Id(2)] double Value,
    [property: Id(3)] double Threshold);
