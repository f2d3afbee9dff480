using Warning.Rules.Evaluation;
using Warning.Rules.Windows;

namespace Warning.Rules.Rainstorm;

/// <summary>
/// Everything <see cref="RainstormRule"/> needs to carry on after a restart: the samples inside the
/// longest window, the level in force and the last heavy-rain notice. Plain data, so hosts can persist it.
/// </summary>
public sealed class RainstormState : IRuleState
{
    /// <summary>Samples within the longest window before the newest one, in event-time order.</summary>
    public List<TimedValue> Samples { get; set; } = [];

    public LevelState Level { get; set; } = new();

    /// <summary>Event time of the last heavy-rain notice, so one burst gives one notice.</summary>
    public DateTimeOffset? LastNotice { get; set; }
}
