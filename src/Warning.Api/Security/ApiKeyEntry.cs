namespace Warning.Api.Security;

/// <summary>One API key as configured (<c>Api:Auth:Keys:N</c>): who holds it, its role, and only the key's hash.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Who holds the key (a desk, a person, a gateway); written to the audit for every action taken with it.</summary>
    public string Name { get; set; } = "";

    public string Role { get; set; } = "";

    /// <summary><c>sha256:</c> and 64 hex digits, from <c>./warning api-key NAME ROLE</c>.</summary>
    public string Hash { get; set; } = "";

    /// <summary>
    /// The unit the holder approves for (an id of config/authorities.yaml: natural-resources, meteorology, …); each of
    /// their approvals names it. Unset: the key approves only what needs no particular unit.
    /// </summary>
    public string? Unit { get; set; }

    /// <summary>The region code prefix the holder approves in (e.g. <c>620522</c>); unset: anywhere.</summary>
    public string? Region { get; set; }
}
