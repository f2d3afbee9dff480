using System.ComponentModel.DataAnnotations;
using Warning.Rules.Levels;

namespace Warning.Publication.Confirmation;

/// <summary>
/// The <c>Confirm</c> config section: which levels ask officials to answer (叫应), when a silent one is called again
/// and when the tier above hears of the silence, and how confirmation links are made (<see cref="ConfirmationTokens"/>).
/// </summary>
public sealed class ConfirmOptions : IValidatableObject
{
    public const string Section = "Confirm";

    /// <summary>The levels whose messages ask for an answer, comma-separated. Default <c>orange,red</c>.</summary>
    public string Levels { get; set; } = "orange,red";

    /// <summary>A silent official gets the message again this long after the first send. Default 5 minutes.</summary>
    public TimeSpan Repeat { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// This long after the first send, the tier above (township, then the county desk) is told who has not answered;
    /// the county desk after twice this. Default 10 minutes.
    /// </summary>
    public TimeSpan Escalate { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Signs confirmation links (HMAC-SHA256) and derives reply codes; set the same value on every silo of a cluster, at
    /// least 32 characters. Unset: a random key per process (links of an earlier run, or of another silo, are refused).
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Where recipients reach the engine: a link is <c>{BaseUrl}/c/{token}</c>. Unset: <c>Api:Url</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Drills only (<c>Warnings:Exercise=true</c>): officials answer by themselves, per role a share and a delay,
    /// <c>village-officer=0.8:PT2M,township-officer=1:PT1M</c> (<see cref="DrillAnswers"/>). Unset: nobody is simulated.
    /// </summary>
    public string? Simulate { get; set; }

    /// <summary>The parsed <see cref="Levels"/>.</summary>
    public IReadOnlySet<WarningLevel> LevelSet => Parse(Levels).Levels;

    public bool Asks(string level) => WarningLevelNames.TryParse(level, out var parsed) && LevelSet.Contains(parsed);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Parse(Levels).Bad is { } bad) yield return new ValidationResult($"expected levels among blue, yellow, orange, red (comma-separated), got \"{bad}\"", [nameof(Levels)]);
        if (Repeat <= TimeSpan.Zero) yield return new ValidationResult("must be positive", [nameof(Repeat)]);
        if (Escalate <= Repeat) yield return new ValidationResult($"must be longer than Confirm:Repeat ({Repeat})", [nameof(Escalate)]);
        if (Key is not null && Key.Length < 32) yield return new ValidationResult($"must be at least 32 characters (got {Key.Length}); the same on every silo", [nameof(Key)]);
        if (Simulate is not null) { DrillAnswers.Parse(Simulate, out var problem); if (problem is not null) yield return new ValidationResult(problem, [nameof(Simulate)]); }
        if (BaseUrl is not null && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return new ValidationResult($"must be an absolute http(s) URL, got \"{BaseUrl}\"", [nameof(BaseUrl)]);
    }

    private static (HashSet<WarningLevel> Levels, string? Bad) Parse(string? levels)
    {
        var set = new HashSet<WarningLevel>();
        foreach (var word in (levels ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!WarningLevelNames.TryParse(word, out var level)) return (set, word);
            set.Add(level);
        }
        return (set, null);
    }
}
