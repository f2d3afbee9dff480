using Warning.Rules.Forecasts;
using Warning.Rules.Levels;

namespace Warning.Rules.Evaluation;

/// <summary>The level in force and the bookkeeping <see cref="LevelHysteresis"/> needs; plain data to persist.</summary>
public sealed class LevelState
{
    public WarningLevel Level { get; set; }

    public DateTimeOffset? Onset { get; set; }

    public Evidence? Evidence { get; set; }

    /// <summary>Event time the condition first fell below <see cref="Level"/>; null while it holds.</summary>
    public DateTimeOffset? BelowSince { get; set; }

    /// <summary>The highest level the condition reached since <see cref="BelowSince"/>.</summary>
    public WarningLevel HighestBelow { get; set; }

    public Evidence? HighestBelowEvidence { get; set; }

    /// <summary>What <see cref="Level"/> rests on: observed rain, or observed plus forecast rain.</summary>
    public WarningBasis Basis { get; set; }

    /// <summary>For a forecast basis, when the forecast crossing is expected; null otherwise.</summary>
    public DateTimeOffset? ExpectedOnset { get; set; }
}
