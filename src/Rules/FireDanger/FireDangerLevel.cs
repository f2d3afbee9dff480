namespace Warning.Rules.FireDanger;

/// <summary>
/// Forest-fire danger level I (low) … V (extreme) (森林火险等级), from a Canadian Fire Weather Index value with the
/// EFFIS class limits: FWI &lt; 5.2 → I, &lt; 11.2 → II, &lt; 21.3 → III, &lt; 38 → IV, ≥ 38 → V.
/// </summary>
public static class FireDangerLevel
{
    public static readonly IReadOnlyList<double> UpperLimits = [5.2, 11.2, 21.3, 38];

    public static int FromFwi(double fwi)
    {
        if (!double.IsFinite(fwi) || fwi < 0) throw new ArgumentOutOfRangeException(nameof(fwi), fwi, "an FWI value is a finite number ≥ 0");
        var level = 1;
        foreach (var limit in UpperLimits)
        {
            if (fwi < limit) return level;
            level++;
        }
        return level;
    }

    /// <summary>IV and V raise an orange camera detection to red (RULES.md, firecam).</summary>
    public static bool IsHighOrExtreme(int level) => level >= 4;
}
