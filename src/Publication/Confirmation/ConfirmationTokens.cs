using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Warning.Publication.Confirmation;

/// <summary>
/// The reply code and the link token of one request for confirmation — (public warning, version, recipient) — both
/// derived with HMAC-SHA256 under the cluster's <c>Confirm:Key</c>, so every silo makes and checks the same ones and
/// nothing needs storing to check them. A token is its 11-character id (a hash of the three, the row's key for the
/// look-up) followed by 12 characters of the HMAC of that id: short enough for an SMS, unforgeable without the key.
/// One use is the database's part (a confirmed row stays confirmed).
/// </summary>
public sealed class ConfirmationTokens
{
    public const int IdLength = 11;
    public const int TokenLength = 23;

    private readonly byte[] _key;

    public ConfirmationTokens(string? key) => _key = key is null ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(key);

    /// <summary>Whether the key came from configuration (links survive restarts and work on every silo).</summary>
    public static bool Configured(ConfirmOptions options) => options.Key is not null;

    /// <summary>The token's id: the confirmation row's look-up key.</summary>
    public static string IdOf(string publicId, int version, string recipientId) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{publicId}\n{version}\n{recipientId}")).AsSpan(0, 8));

    public string Token(string publicId, int version, string recipientId)
    {
        var id = IdOf(publicId, version, recipientId);
        return id + Signature(id);
    }

    /// <summary>The token's id if its signature is ours; null for anything else (wrong length, forged, another key).</summary>
    public string? Verify(string? token)
    {
        if (token is not { Length: TokenLength }) return null;
        var id = token[..IdLength];
        var given = Encoding.ASCII.GetBytes(token[IdLength..]);
        var expected = Encoding.ASCII.GetBytes(Signature(id));
        return CryptographicOperations.FixedTimeEquals(given, expected) ? id : null;
    }

    /// <summary>A 4-digit reply code, the same on every silo for the same request.</summary>
    public string Code(string publicId, int version, string recipientId)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"code\n{publicId}\n{version}\n{recipientId}"));
        return (BitConverter.ToUInt32(mac, 0) % 10_000).ToString("D4", CultureInfo.InvariantCulture);
    }

    private string Signature(string id) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes("link\n" + id)).AsSpan(0, 9));
}
