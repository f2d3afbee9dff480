using Warning.Publication.Authorities;

namespace Warning.Api.Authorities;

/// <summary>
/// <c>GET /api/authorities</c>: the approval policy in force — its file, units and rules — and the problems of the last
/// edit of the file that was refused (empty when the file on disk is the one in force).
/// </summary>
public sealed record AuthoritiesView(string File, IReadOnlyList<AuthorityUnit> Units, IReadOnlyList<AuthorityRule> Rules, IReadOnlyList<string> Problems);
