using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Warning.Publication.Confirmation;

/// <summary>
/// Simulated answers for a drill (演练), pure: per role, the share of officials who answer and how long after the first
/// send — <c>village-officer=0.8:PT2M,township-officer=1:PT1M</c>. Who answers is decided by a hash of (warning,
/// official), so the same drill answers alike every time; roles not named never answer (they are called again and
/// escalated, which is what a drill is for).
/// </summary>
public sealed class DrillAnswers
{
    private readonly Dictionary<string, (double Share, TimeSpan Delay)> _roles;

    private DrillAnswers(Dictionary<string, (double, TimeSpan)> roles) => _roles = roles;

    public IReadOnlyDictionary<string, (double Share, TimeSpan Delay)> Roles => _roles;

    /// <summary>Parses the setting; the error names the part that is wrong.</summary>
    public static DrillAnswers Parse(string text, out string? error)
    {
        error = null;
        var roles = new Dictionary<string, (double, TimeSpan)>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.Split('=', 2);
            var colon = eq.Length == 2 ? eq[1].Split(':', 2) : [];
            if (eq.Length != 2 || eq[0].Length == 0 || colon.Length != 2
                || !double.TryParse(colon[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || share is < 0 or > 1
                || !TryDuration(colon[1], out var delay))
            {
                error = $"expected role=share:delay such as village-officer=0.8:PT2M (share 0..1, delay ISO 8601 or hh:mm:ss), got \"{part}\"";
                return new DrillAnswers([]);
            }
            roles[eq[0]] = (share, delay);
        }
        return new DrillAnswers(roles);
    }

    /// <summary>Whether this official answers by <paramref name="now"/>.</summary>
    public bool Answers(string publicId, string recipientId, string role, DateTimeOffset firstSent, DateTimeOffset now) =>
        _roles.TryGetValue(role, out var r) && now >= firstSent + r.Delay && Draw(publicId, recipientId) < r.Share;

    /// <summary>The official's draw in [0, 1): answers when under the role's share.</summary>
    public static double Draw(string publicId, string recipientId) =>
        BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{publicId}\n{recipientId}")), 0) / (double)uint.MaxValue;

    private static bool TryDuration(string text, out TimeSpan value)
    {
        if (text.StartsWith('P'))
        {
            try { value = System.Xml.XmlConvert.ToTimeSpan(text); return value >= TimeSpan.Zero; }
            catch (FormatException) { value = default; return false; }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }
}
