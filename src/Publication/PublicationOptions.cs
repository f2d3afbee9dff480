using System.ComponentModel.DataAnnotations;
using Warning.Publication.Authorities;
using Warning.Publication.Cap;

namespace Warning.Publication;

/// <summary>
/// The <c>Publication</c> config section: who the engine speaks as in CAP, whether it signs its CAP messages, and
/// whether exercises reach people.
/// </summary>
public sealed class PublicationOptions : IValidatableObject
{
    public const string Section = "Publication";

    /// <summary>CAP <c>sender</c>: the centre's address, no spaces or commas. Default <c>warning@monitoring-centre</c>.</summary>
    [Required, RegularExpression(@"^[^\s,<&]+$", ErrorMessage = "must have no spaces, commas, '<' or '&'")]
    public string Sender { get; set; } = "warning@monitoring-centre";

    /// <summary>CAP <c>senderName</c>. Default 监测预警中心.</summary>
    [Required]
    public string SenderName { get; set; } = "监测预警中心";

    /// <summary>
    /// The publishing unit's code after the 6-digit region in a GB/T 35965.1 identifier: 3-digit institution
    /// (GB/T 4657), 3-digit internal and 2-digit extension code. Default <c>00000000</c>.
    /// </summary>
    [Required, RegularExpression(@"^\d{8}$", ErrorMessage = "must be 8 digits (DDDUUUXX)")]
    public string UnitCode { get; set; } = "00000000";

    /// <summary>Radius in km of the CAP circle drawn around each contributing sensor. Default 5.</summary>
    [Range(0.1, 500)]
    public double CircleRadiusKm { get; set; } = 5;

    /// <summary>
    /// The share of a warning's targeted recipients that should have it delivered (the plans' 90–95 % coverage),
    /// against which <c>GET /api/areas/{code}/coverage</c> and the dashboard measure. Default 0.9.
    /// </summary>
    [Range(0.0, 1.0)]
    public double CoverageTarget { get; set; } = 0.9;

    /// <summary>Send exercise (演练) warnings through the channels too. Default false: exercises stay on the engine's pages.</summary>
    public bool SendExercises { get; set; }

    /// <summary>
    /// The certificate whose key signs every CAP message the engine serves (<see cref="CapSigner"/>): a PKCS#12 file
    /// (<c>.pfx</c>/<c>.p12</c>, with <see cref="SigningCertificatePassword"/> if it has one) or a PEM certificate with
    /// its key in the same file or in <see cref="SigningKey"/>. An RSA key. Unset: CAP messages are not signed.
    /// </summary>
    public string? SigningCertificate { get; set; }

    /// <summary>The PEM private key of <see cref="SigningCertificate"/> when that is a PEM certificate without its key.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="SigningCertificate"/>, or of an encrypted PEM key.</summary>
    public string? SigningCertificatePassword { get; set; }

    /// <summary>
    /// The approval policy (<c>config/authorities.yaml</c> format): which units must approve which hazard and level in
    /// which region. Unset: <c>config/authorities.yaml</c> if that file exists, else none (orange and red need one
    /// approval by any operator); set, the file must exist. A file with a problem stops the engine at start naming its line.
    /// </summary>
    public string? Authorities { get; set; }

    /// <summary>The authorities file in use: <see cref="Authorities"/> or the default path.</summary>
    public string AuthoritiesPath => Authorities ?? AuthoritiesFile.DefaultPath;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AuthoritiesFile.Load(AuthoritiesPath, optional: Authorities is null) is (null, var problems))
            yield return new ValidationResult(string.Join("; ", problems), [nameof(Authorities)]);
        if (!string.IsNullOrWhiteSpace(SigningCertificate) && CapSigner.Problem(this) is { } problem)
            yield return new ValidationResult(problem, [nameof(SigningCertificate)]);
        else if (string.IsNullOrWhiteSpace(SigningCertificate) && !string.IsNullOrWhiteSpace(SigningKey))
            yield return new ValidationResult("is set without Publication:SigningCertificate, the certificate it is the key of", [nameof(SigningKey)]);
    }
}
