namespace Warning.Publication.Authorities;

/// <summary>
/// The approval policy in force: loaded from <c>Publication:Authorities</c> at start and replaced when the file is
/// edited into a valid one (a bad edit leaves this one in force). One per process; grains read it per decision.
/// </summary>
public sealed class Authorities
{
    private volatile AuthorityPolicy _current = AuthorityPolicy.None;

    public AuthorityPolicy Current => _current;

    public void Use(AuthorityPolicy policy) => _current = policy;
}
