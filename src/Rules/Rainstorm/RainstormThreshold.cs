using Warning.Rules.Levels;

namespace Warning.Rules.Rainstorm;

/// <summary>A level is reached when the rain summed over <see cref="Window"/> is at least <see cref="Millimetres"/>.</summary>
public sealed record RainstormThreshold(WarningLevel Level, TimeSpan Window, double Millimetres);
