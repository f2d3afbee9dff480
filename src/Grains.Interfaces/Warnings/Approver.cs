namespace Warning.Grains.Warnings;

/// <summary>
/// Who acts on a warning: the officer as named in the request (<see cref="By"/>) and what their API key says — its
/// <see cref="Unit"/> (natural-resources, meteorology, …), its <see cref="Region"/> scope (a code prefix) and the roles
/// it holds. A key without unit or region leaves them null.
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.Approver")]
public sealed record Approver(
    [property: Id(0)] string By,
    [property: Id(1)] string? Unit = null,
    [property: Id(2)] string? Region = null,
    [property: Id(3)] IReadOnlyList<string>? Roles = null);
