using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Warning.Ingest.Security;

/// <summary>
/// A device's MQTT password, stored hashed in mosquitto's own format (<c>$7$iterations$salt$hash</c>, PBKDF2 with
/// HMAC-SHA512, as <c>mosquitto_passwd</c> writes it), so one registry serves the embedded broker and the password file
/// of an external mosquitto alike. Secrets are random tokens from <see cref="NewSecret"/>, not words people choose,
/// so a modest iteration count suffices and a reconnect storm of thousands of gauges stays cheap.
/// </summary>
public static class DeviceCredential
{
    public const int Iterations = 1000;
    private const int SaltBytes = 12;
    private const int HashBytes = 64;

    /// <summary>A random secret of 24 bytes, URL-safe base64 (32 characters).</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"$7${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Null when <paramref name="stored"/> is a usable <c>$7$</c> hash; otherwise what is wrong with it.</summary>
    public static string? Problem(string stored) => Parse(stored, out _, out _, out _);

    public static bool Verify(string secret, string stored)
    {
        if (Parse(stored, out var iterations, out var salt, out var expected) is not null) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static string? Parse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored.Split('$');
        if (parts is not ["", "7", _, _, _]) return "expected a mosquitto PBKDF2-SHA512 hash \"$7$iterations$salt$hash\" (./warning credential makes one)";
        if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1) return $"iterations \"{parts[2]}\" is not a positive number";
        try
        {
            salt = Convert.FromBase64String(parts[3]);
            hash = Convert.FromBase64String(parts[4]);
        }
        catch (FormatException)
        {
            return "salt and hash must be base64";
        }
        return hash.Length == HashBytes ? null : $"the hash is {hash.Length} bytes, expected {HashBytes}";
    }
}
