using Warning.Rules.Skill;

namespace Warning.Silo.Replay;

/// <summary>One sensor's (or the total's) figures per level: observed-only and forecast-driven side by side.</summary>
public sealed record SkillPair(IReadOnlyDictionary<string, LevelSkill> Observed, IReadOnlyDictionary<string, LevelSkill>? Forecast);
