using System.Text.Json.Serialization;
using Warning.Rules.Evaluation;
using Warning.Rules.Forecasts;
using Warning.Rules.Windows;

namespace Warning.Rules.Rainstorm;

/// <summary>
/// Everything <see cref="RainstormRule"/> needs to carry on after a restart: the samples inside the
/// longest window, the level in force and the last heavy-rain notice. Plain data, so hosts can persist it.
/// </summary>
public sealed class RainstormState : IRuleState, IWindowedState, IJsonOnDeserialized
{
    /// <summary>Samples within the longest window before the newest one, in event-time order.</summary>
    public PackedWindow Samples { get; set; } = new();

    public DateTimeOffset? Newest { get; set; }

    public LevelState Level { get; set; } = new();

    /// <summary>Forecast steps still ahead of the newest reading.</summary>
    public ForecastSeries Forecast { get; set; } = new();

    /// <summary>Event time of the last heavy-rain notice, so one burst gives one notice.</summary>
    public DateTimeOffset? LastNotice { get; set; }

    // A state saved before Newest was: its window held only its own samples.
    void IJsonOnDeserialized.OnDeserialized() => Newest ??= Samples.Count > 0 ? Samples.Newest : null;
}
