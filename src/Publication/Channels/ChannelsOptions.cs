using System.ComponentModel.DataAnnotations;

namespace Warning.Publication.Channels;

/// <summary>The <c>Channels</c> config section: gateway addresses, the SMS rate, and how sending retries.</summary>
public sealed class ChannelsOptions : IValidatableObject
{
    public const string Section = "Channels";

    public SmsOptions Sms { get; set; } = new();

    public BroadcastOptions Broadcast { get; set; } = new();

    /// <summary>Voice calls to officials who have not answered a warning (no URL: no calls).</summary>
    public VoiceOptions Voice { get; set; } = new();

    /// <summary>Messages of one channel in flight at once. Default 32.</summary>
    [Range(1, 1024)]
    public int Concurrency { get; set; } = 32;

    /// <summary>Tries per message before it is recorded failed (first try included). Default 5.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry delay; later ones double, with jitter. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one request may take. Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a channel's circuit stays open after too many failures. Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after it was queued a message whose tries failed for a passing reason (gateway down, slow, 5xx, 429)
    /// goes on being tried, a round of <see cref="MaxAttempts"/> every <see cref="BreakDuration"/>: a gateway outage
    /// delays warnings, it does not drop them. Default 6 h; 0 records the message failed after its first round.
    /// </summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(6);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, url) in new[] { ("Sms:Url", Sms.Url), ("Broadcast:Url", Broadcast.Url), ("Voice:Url", Voice.Url) })
        {
            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                yield return new ValidationResult($"must be an absolute http(s) URL, got \"{url}\"", [key]);
        }
        if (Sms.RatePerSecond < 0) yield return new ValidationResult("must be 0 (no limit) or more", ["Sms:RatePerSecond"]);
        if (RetryDelay <= TimeSpan.Zero) yield return new ValidationResult("must be positive", [nameof(RetryDelay)]);
        if (AttemptTimeout <= TimeSpan.Zero) yield return new ValidationResult("must be positive", [nameof(AttemptTimeout)]);
        if (RetryFor < TimeSpan.Zero) yield return new ValidationResult("must be 0 or more", [nameof(RetryFor)]);
        if (BreakDuration < TimeSpan.FromMilliseconds(500)) yield return new ValidationResult("must be at least 0.5 s", [nameof(BreakDuration)]);
    }
}

/// <summary><c>Channels:Sms</c>: the SMS gateway; no URL, no SMS.</summary>
public sealed class SmsOptions
{
    public string? Url { get; set; }

    /// <summary>SMS segments per second the gateway accepts; 0 for no limit. Default 100.</summary>
    public double RatePerSecond { get; set; } = 100;
}

/// <summary><c>Channels:Broadcast</c>: the emergency-broadcast platform; no URL, no broadcast.</summary>
public sealed class BroadcastOptions
{
    public string? Url { get; set; }
}

/// <summary><c>Channels:Voice</c>: the voice-call gateway (the SMS contract with <c>"kind": "voice"</c>); no URL, no calls.</summary>
public sealed class VoiceOptions
{
    public string? Url { get; set; }
}
