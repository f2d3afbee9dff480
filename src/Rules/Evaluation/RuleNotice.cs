namespace Warning.Rules.Evaluation;

/// <summary>A noteworthy event on a sensor that is not a public warning (e.g. short-duration heavy rain).</summary>
public sealed record RuleNotice(string Code, DateTimeOffset At, Evidence Evidence);
