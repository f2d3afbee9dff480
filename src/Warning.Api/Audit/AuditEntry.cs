namespace Warning.Api.Audit;

/// <summary>
/// One privileged request, done or refused: who (the key's holder, device or <c>anonymous</c>), with which role and
/// credential, from where, what, and the answer's status.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    string? Role,
    string? Credential,
    string? Client,
    string Method,
    string Path,
    int Status);
