namespace Warning.Publication.Authorities;

/// <summary>
/// The approval policy in force: loaded from <c>Publication:Authorities</c> when first asked for (so a grain working
/// before the hosted services started already has it) and replaced by <see cref="AuthoritiesWatcher"/> when the file is
/// edited into a valid one (a bad edit leaves this one in force). One per process; grains read it per decision.
/// </summary>
public sealed class Authorities(AuthorityPolicy policy)
{
    private volatile AuthorityPolicy _current = policy;

    public AuthorityPolicy Current => _current;

    /// <summary>The policy of the configured file; a file with problems throws, naming them (the options' validation has normally said so first).</summary>
    public static Authorities From(PublicationOptions options)
    {
        var (policy, errors) = AuthoritiesFile.Load(options.AuthoritiesPath, optional: options.Authorities is null);
        return new Authorities(policy ?? throw new InvalidOperationException($"Publication:Authorities: {string.Join("; ", errors)}"));
    }

    public void Use(AuthorityPolicy policy) => _current = policy;
}
