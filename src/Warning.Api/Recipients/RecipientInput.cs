namespace Warning.Api.Recipients;

/// <summary>
/// Body of <c>PUT /api/recipients/{id}</c>; <see cref="Id"/> only in the array of <c>PUT /api/recipients</c>.
/// <see cref="MustConfirm"/>: answer warnings at the confirmation levels (叫应); unset, by role (officials yes).
/// </summary>
public sealed record RecipientInput(string? Name, string? Phone, List<string>? Areas, List<string>? Roles, List<string>? Channels, string? MinLevel, string? Id = null, bool? MustConfirm = null);
