using Warning.Rules.Forecasts;
using Warning.Rules.Levels;

namespace Warning.Rules.Evaluation;

/// <summary>
/// A change of a rule's level at an event time; <see cref="Evidence"/> is null when it ended. <see cref="Basis"/> says
/// whether the new level rests on observed rain or on a forecast; for a forecast, <see cref="ExpectedOnset"/> is the
/// forecast crossing time. <see cref="Reason"/> names why a forecast warning was lowered or ended at once
/// (<see cref="ForecastLevelPolicy.Lowered"/>, <see cref="ForecastLevelPolicy.Withdrawn"/>).
/// </summary>
public sealed record LevelChange(
    LevelChangeKind Kind,
    WarningLevel From,
    WarningLevel To,
    DateTimeOffset At,
    Evidence? Evidence,
    WarningBasis Basis = WarningBasis.Observed,
    DateTimeOffset? ExpectedOnset = null,
    string? Reason = null);
