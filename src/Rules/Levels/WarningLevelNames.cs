namespace Warning.Rules.Levels;

/// <summary>The contract's lower-case names and the Chinese labels of each level.</summary>
public static class WarningLevelNames
{
    public static string ToContractName(this WarningLevel level) => level switch
    {
        WarningLevel.Blue => "blue",
        WarningLevel.Yellow => "yellow",
        WarningLevel.Orange => "orange",
        WarningLevel.Red => "red",
        _ => "none",
    };

    public static string ToChinese(this WarningLevel level) => level switch
    {
        WarningLevel.Blue => "蓝色",
        WarningLevel.Yellow => "黄色",
        WarningLevel.Orange => "橙色",
        WarningLevel.Red => "红色",
        _ => "无",
    };

    public static bool TryParse(string? name, out WarningLevel level)
    {
        level = name?.Trim().ToLowerInvariant() switch
        {
            "blue" => WarningLevel.Blue,
            "yellow" => WarningLevel.Yellow,
            "orange" => WarningLevel.Orange,
            "red" => WarningLevel.Red,
            _ => WarningLevel.None,
        };
        return level != WarningLevel.None;
    }
}
