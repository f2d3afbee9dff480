namespace Warning.Rules.Levels;

/// <summary>Graded warning levels, lowest first (China's IV..I; CAP Minor..Extreme).</summary>
public enum WarningLevel
{
    None = 0,
    Blue = 1,
    Yellow = 2,
    Orange = 3,
    Red = 4,
}
