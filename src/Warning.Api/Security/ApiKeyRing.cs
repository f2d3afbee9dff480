using Microsoft.Extensions.Options;

namespace Warning.Api.Security;

/// <summary>The configured API keys by hash, built once: the authentication handler is made anew for every request.</summary>
public sealed class ApiKeyRing(IOptions<ApiAuthOptions> options)
{
    private readonly Dictionary<string, ApiKeyEntry> _byHash = options.Value.Keys.ToDictionary(k => k.Hash, StringComparer.Ordinal);

    public ApiKeyEntry? Find(string key) => _byHash.GetValueOrDefault(ApiKeyHash.Of(key));
}
