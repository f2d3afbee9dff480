namespace Warning.Grains.Warnings;

/// <summary>
/// The outcome of an operator action: the warning as it now stands, or why the action was refused — <see cref="Forbidden"/>
/// when the approver's unit or region may not approve it (naming the <see cref="Field"/>, <c>unit</c> or <c>region</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.WarningActionResult")]
public sealed record WarningActionResult(
    [property: Id(0)] WarningRecord? Warning,
    [property: Id(1)] string? Error,
    [property: Id(2)] bool NotFound = false,
    [property: Id(3)] bool Forbidden = false,
    [property: Id(4)] string? Field = null);
