using Warning.Rules.Evaluation;
using Warning.Rules.Windows;

namespace Warning.Rules.Torrent;

/// <summary>Rain samples within the longest window and the level in force.</summary>
public sealed class TorrentState : IRuleState
{
    public List<TimedValue> Samples { get; set; } = [];

    public LevelState Level { get; set; } = new();
}
