namespace Warning.Grains.Recipients;

/// <summary>
/// A person or desk on a named list (名录): village officers, monitors, duty desks, enterprise contacts.
/// <see cref="MustConfirm"/>: whether a warning at a confirmation level asks them to answer (叫应); null takes the default
/// of their roles (officials yes, the public no — <c>ConfirmRoles</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.Recipient")]
public sealed record Recipient(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Phone,
    [property: Id(3)] IReadOnlyList<string> Areas,
    [property: Id(4)] IReadOnlyList<string> Roles,
    [property: Id(5)] IReadOnlyList<string> Channels,
    [property: Id(6)] string MinLevel,
    [property: Id(7)] bool? MustConfirm = null);
