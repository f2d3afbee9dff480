namespace Warning.Api.Security;

/// <summary>
/// Who may do what through the API. Viewers read; operators also approve, acknowledge, cancel, silence and set the
/// fire danger; admins also change the registry, rosters and subscriptions and read the audit. Gateways post delivery
/// receipts, ingest keys post telemetry for any sensor; an admin may do both. A device logged in with its registry
/// secret (HTTP Basic) may post telemetry for itself only.
/// </summary>
public static class ApiRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";
    public const string Gateway = "gateway";
    public const string Ingest = "ingest";
    public const string Device = "device";

    /// <summary>The roles a key may be given (<c>Api:Auth:Keys:N:Role</c>, <c>Api:Auth:AnonymousRole</c>).</summary>
    public static readonly IReadOnlyList<string> Assignable = [Viewer, Operator, Admin, Gateway, Ingest];

    /// <summary>The role itself and every role it includes.</summary>
    public static IReadOnlyList<string> Granted(string role) => role switch
    {
        Admin => [Admin, Operator, Viewer, Gateway, Ingest],
        Operator => [Operator, Viewer],
        _ => [role],
    };
}
