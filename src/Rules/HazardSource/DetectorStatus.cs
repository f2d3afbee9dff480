using Warning.Rules.Levels;

namespace Warning.Rules.HazardSource;

/// <summary>A detector's level as last reported to its source, and the event time of that report.</summary>
public sealed record DetectorStatus(WarningLevel Level, DateTimeOffset At);
