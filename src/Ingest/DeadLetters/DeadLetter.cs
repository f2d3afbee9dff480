namespace Warning.Ingest.DeadLetters;

/// <summary>A refused input kept for people to inspect: where it came from, why, and what it was.</summary>
public sealed record DeadLetter(
    DateTimeOffset At,
    string Source,
    string Origin,
    string? SensorId,
    string Reason,
    string Field,
    string Error,
    string Payload);
