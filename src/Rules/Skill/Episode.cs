namespace Warning.Rules.Skill;

/// <summary>A stretch of event time: an observed event (first and last time the condition held) or a warning's alarm.</summary>
public readonly record struct Episode(DateTimeOffset Start, DateTimeOffset End);
