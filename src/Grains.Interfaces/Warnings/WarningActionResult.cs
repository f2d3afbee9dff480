namespace Warning.Grains.Warnings;

/// <summary>The outcome of an operator action: the warning as it now stands, or why the action was refused.</summary>
[GenerateSerializer, Immutable, Alias("Warning.WarningActionResult")]
public sealed record WarningActionResult(
    [property: Id(0)] WarningRecord? Warning,
    [property: Id(1)] string? Error,
    [property: Id(2)] bool NotFound = false);
