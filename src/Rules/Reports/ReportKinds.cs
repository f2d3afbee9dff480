namespace Warning.Rules.Reports;

/// <summary>
/// The kinds of a community monitoring report (群测群防), defined once: the contract's names, the SMS short codes and
/// Chinese words that name them, and which of them are macro signs of a landslide (fused with its point's warning) and
/// which go up the disaster information chain (四级灾情报送).
/// </summary>
public static class ReportKinds
{
    public const string Crack = "crack";
    public const string Bulge = "bulge";
    public const string MuddySpring = "muddy-spring";
    public const string Rockfall = "rockfall";
    public const string Subsidence = "subsidence";
    public const string Flooding = "flooding";
    public const string Rain = "rain";
    public const string Damage = "damage";
    public const string Casualty = "casualty";

    /// <summary>Every kind with its SMS code letters and the Chinese words an SMS may name it by (the first is its label).</summary>
    public static readonly IReadOnlyList<(string Kind, string Code, IReadOnlyList<string> Words)> All =
    [
        (Crack, "LF", ["裂缝", "裂隙"]),
        (Bulge, "GQ", ["鼓胀", "隆起", "鼓丘"]),
        (MuddySpring, "SQ", ["浑水", "冒浑水", "泉水浑浊", "渗水"]),
        (Rockfall, "BT", ["崩塌", "落石", "掉块"]),
        (Subsidence, "TX", ["塌陷", "地陷", "沉降"]),
        (Flooding, "HS", ["洪水", "山洪", "积水"]),
        (Rain, "YL", ["雨量", "降雨"]),
        (Damage, "ZQ", ["灾情", "损毁", "损失"]),
        (Casualty, "SW", ["伤亡", "人员伤亡"]),
    ];

    public static readonly IReadOnlySet<string> Names = All.Select(k => k.Kind).ToHashSet(StringComparer.Ordinal);

    /// <summary>Signs of a moving slope seen on the ground: a verified one near a landslide point raises its warning.</summary>
    public static readonly IReadOnlySet<string> MacroSigns = new HashSet<string>([Crack, Bulge, MuddySpring, Rockfall, Subsidence], StringComparer.Ordinal);

    /// <summary>Reports of harm, forwarded to the township, county and city desks with a deadline for the first report (初报).</summary>
    public static readonly IReadOnlySet<string> Disasters = new HashSet<string>([Damage, Casualty], StringComparer.Ordinal);

    /// <summary>The Chinese label of a kind (its first word).</summary>
    public static string Label(string kind) => All.FirstOrDefault(k => k.Kind == kind).Words?[0] ?? kind;

    /// <summary>The kind a token names (its code letters in any case, a Chinese word, or the contract's name), or null.</summary>
    public static string? Named(string token)
    {
        foreach (var (kind, code, words) in All)
        {
            if (string.Equals(token, code, StringComparison.OrdinalIgnoreCase) || token == kind || words.Contains(token)) return kind;
        }
        return null;
    }

    /// <summary>A kind word at the start of <paramref name="text"/> (an SMS may run word and text together: <c>裂缝加宽5cm</c>).</summary>
    public static (string Kind, string Word)? Leading(string text)
    {
        foreach (var (kind, _, words) in All)
        {
            foreach (var word in words.OrderByDescending(w => w.Length))
            {
                if (text.StartsWith(word, StringComparison.Ordinal)) return (kind, word);
            }
        }
        return null;
    }
}
