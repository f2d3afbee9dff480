using System.Text.Json.Serialization;
using Warning.Rules.Evaluation;
using Warning.Rules.Forecasts;
using Warning.Rules.Windows;

namespace Warning.Rules.Torrent;

/// <summary>Rain samples within the longest window and the level in force.</summary>
public sealed class TorrentState : IRuleState, IWindowedState, IJsonOnDeserialized
{
    public PackedWindow Samples { get; set; } = new();

    public DateTimeOffset? Newest { get; set; }

    public LevelState Level { get; set; } = new();

    /// <summary>Forecast steps still ahead of the newest reading.</summary>
    public ForecastSeries Forecast { get; set; } = new();

    // A state saved before Newest was: its window held only its own samples.
    void IJsonOnDeserialized.OnDeserialized() => Newest ??= Samples.Count > 0 ? Samples.Newest : null;
}
