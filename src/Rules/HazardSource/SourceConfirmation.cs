using Warning.Rules.Evaluation;
using Warning.Rules.Levels;

namespace Warning.Rules.HazardSource;

/// <summary>
/// GB/T 50493 red by confirmation (RULES.md): a hazard source is red while two or more of its detectors are at orange
/// or above, each having said so within <c>confirmWindow</c> of the latest report; it ends after <c>clearAfter</c>
/// without such confirmation. Event time throughout.
/// </summary>
public sealed class SourceConfirmation(SourceConfirmationState state)
{
    public const string Metric = "confirmed_detectors";
    public const int Needed = 2;

    public SourceConfirmationState State { get; } = state;

    public LevelChange? Report(string detector, WarningLevel level, DateTimeOffset at, TimeSpan confirmWindow, TimeSpan clearAfter)
    {
        if (State.Detectors.TryGetValue(detector, out var last) && at < last.At) return null;
        State.Detectors[detector] = new DetectorStatus(level, at);
        var newest = State.Detectors.Values.Max(d => d.At);
        var confirming = State.Detectors.Values.Count(d => d.Level >= WarningLevel.Orange && newest - d.At <= confirmWindow);
        var (sourceLevel, evidence) = confirming >= Needed
            ? (WarningLevel.Red, new Evidence(Metric, confirmWindow, confirming, Needed))
            : (WarningLevel.None, (Evidence?)null);
        return LevelHysteresis.Apply(State.Level, sourceLevel, evidence, newest, clearAfter);
    }
}
