using System.ComponentModel.DataAnnotations;

namespace Warning.Publication;

/// <summary>The <c>Publication</c> config section: who the engine speaks as in CAP, and whether exercises reach people.</summary>
public sealed class PublicationOptions
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

    /// <summary>Send exercise (演练) warnings through the channels too. Default false: exercises stay on the engine's pages.</summary>
    public bool SendExercises { get; set; }
}
