using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Warning.Api.Security;

/// <summary>
/// Short-lived tickets for <c>GET /api/live</c>: a browser's EventSource cannot send an Authorization header, and a
/// key in a URL ends up in proxy logs, so the page trades its key for a ticket that opens the stream for a minute.
/// Signed with <c>Api:Auth:TicketSecret</c>, or a secret of this process when that is not set (then, in a cluster,
/// the stream must be opened on the silo that issued the ticket).
/// </summary>
public sealed class LiveTickets(IOptions<ApiAuthOptions> options, TimeProvider time)
{
    private readonly byte[] _secret = options.Value.TicketSecret is { Length: > 0 } configured
        ? SHA256.HashData(Encoding.UTF8.GetBytes(configured))
        : RandomNumberGenerator.GetBytes(32);

    public (string Ticket, DateTimeOffset Expires) Issue(string name, string role)
    {
        var expires = time.GetUtcNow() + options.Value.TicketLifetime;
        var payload = Encoding.UTF8.GetBytes($"{name}\n{role}\n{expires.ToUnixTimeSeconds()}");
        return ($"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(_secret, payload))}", expires);
    }

    /// <summary>The holder's name and role, or null when the ticket is forged, damaged or expired.</summary>
    public (string Name, string Role)? Verify(string ticket)
    {
        var dot = ticket.IndexOf('.');
        if (dot < 0) return null;
        byte[] payload, mac;
        try
        {
            payload = Convert.FromBase64String(Unpad(ticket[..dot]));
            mac = Convert.FromBase64String(Unpad(ticket[(dot + 1)..]));
        }
        catch (FormatException)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_secret, payload))) return null;
        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts.Length != 3 || !long.TryParse(parts[2], out var expires)) return null;
        return time.GetUtcNow().ToUnixTimeSeconds() <= expires ? (parts[0], parts[1]) : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Unpad(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
    }
}
