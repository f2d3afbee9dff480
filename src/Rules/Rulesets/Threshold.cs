namespace Warning.Rules.Rulesets;

/// <summary>
/// One line a ruleset draws: <see cref="Level"/> is reached when <see cref="Metric"/> — summed over
/// <see cref="Window"/> (ISO 8601) when it is given, else as read — is at or <see cref="Direction"/> the value.
/// </summary>
public sealed record Threshold(string Metric, string? Window, string Level, double Value, string Direction = "above");
