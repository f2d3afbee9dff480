using System.Text.Json;
using Warning.Rules.Evaluation;

namespace Warning.Rules.Ordering;

/// <summary>
/// What <see cref="OrderedEvaluator"/> persists: the rule's state with every reading older than the watermark
/// applied (final), the readings since (still open to late company), and the level changes already final.
/// </summary>
public sealed class OrderedState
{
    public JsonElement? Settled { get; set; }

    public List<PendingReading> Pending { get; set; } = [];

    public DateTimeOffset? Newest { get; set; }

    /// <summary>Final changes of the episodes not yet forgotten (see <see cref="OrderedEvaluator.ForgetEndedEpisodes"/>).</summary>
    public List<LevelChange> SettledChanges { get; set; } = [];
}
