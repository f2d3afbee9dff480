using System.Security.Cryptography;
using System.Text;

namespace Warning.Api.Security;

/// <summary>
/// API keys are 32 random bytes, so a plain SHA-256 of the key is enough to keep them out of the configuration
/// (no dictionary to guess from, unlike a device secret a person might choose).
/// </summary>
public static class ApiKeyHash
{
    public const string Prefix = "sha256:";

    public static string NewKey() => "wk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Of(string key) => Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool IsWellFormed(string hash) =>
        hash.StartsWith(Prefix, StringComparison.Ordinal) && hash.Length == Prefix.Length + 64 && hash[Prefix.Length..].All(Uri.IsHexDigit);
}
