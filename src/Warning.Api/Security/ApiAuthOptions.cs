using System.ComponentModel.DataAnnotations;
using Warning.Publication.Authorities;

namespace Warning.Api.Security;

/// <summary>
/// The <c>Api:Auth</c> section: the API keys and what a request without one may do. With no key and the default
/// <c>AnonymousRole=none</c>, only health, metrics, the dashboard page and published warnings answer; <c>./warning up</c>
/// (local trial) sets <c>admin</c>.
/// </summary>
public sealed class ApiAuthOptions : IValidatableObject
{
    public const string Section = "Api:Auth";

    /// <summary><c>none</c> (default), or the role of a request that carries no credential.</summary>
    public string AnonymousRole { get; set; } = "none";

    public List<ApiKeyEntry> Keys { get; set; } = [];

    /// <summary>How long a live-feed ticket (<c>POST /api/live/ticket</c>) may be used to open the stream. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Signs live-feed tickets; set the same value on every silo of a cluster. Unset: a random secret per process.</summary>
    public string? TicketSecret { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (AnonymousRole != "none" && !ApiRoles.Assignable.Contains(AnonymousRole))
            yield return new ValidationResult($"\"{AnonymousRole}\" is not a role; use none or one of {string.Join(", ", ApiRoles.Assignable)}", [nameof(AnonymousRole)]);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            if (string.IsNullOrWhiteSpace(key.Name)) yield return new ValidationResult("every key needs a name (who holds it)", [$"Keys:{i}:Name"]);
            else if (!names.Add(key.Name)) yield return new ValidationResult($"the name \"{key.Name}\" is given to two keys", [$"Keys:{i}:Name"]);
            if (!ApiRoles.Assignable.Contains(key.Role))
                yield return new ValidationResult($"\"{key.Role}\" is not a role; use one of {string.Join(", ", ApiRoles.Assignable)}", [$"Keys:{i}:Role"]);
            if (key.Unit is not null && !AuthoritiesFile.UnitId().IsMatch(key.Unit))
                yield return new ValidationResult($"\"{key.Unit}\" is not a unit id; expected lower-case letters, digits and '-', as config/authorities.yaml declares units (natural-resources)", [$"Keys:{i}:Unit"]);
            if (key.Region is not null && !AuthoritiesFile.RegionPrefix().IsMatch(key.Region))
                yield return new ValidationResult($"\"{key.Region}\" is not a region code prefix; expected 2, 4, 6, 9 or 12 digits (620522)", [$"Keys:{i}:Region"]);
            if (!ApiKeyHash.IsWellFormed(key.Hash))
                yield return new ValidationResult("expected sha256: and 64 hex digits, as ./warning api-key prints (never the key itself)", [$"Keys:{i}:Hash"]);
        }
    }
}
