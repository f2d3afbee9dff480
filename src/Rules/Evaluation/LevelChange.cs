using Warning.Rules.Levels;

namespace Warning.Rules.Evaluation;

/// <summary>A change of a rule's level at an event time; <see cref="Evidence"/> is null when it ended.</summary>
public sealed record LevelChange(
    LevelChangeKind Kind,
    WarningLevel From,
    WarningLevel To,
    DateTimeOffset At,
    Evidence? Evidence);
