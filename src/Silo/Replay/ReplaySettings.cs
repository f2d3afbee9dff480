namespace Warning.Silo.Replay;

/// <summary>What <c>./warning replay</c> was asked to do.</summary>
public sealed record ReplaySettings(
    string Input,
    string Registry,
    double? Speed,
    string Via,
    string? Out,
    string? Html,
    DateTimeOffset? From,
    DateTimeOffset? To);
