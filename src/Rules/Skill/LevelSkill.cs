namespace Warning.Rules.Skill;

/// <summary>
/// How a ruleset did at one level: observed events, hits (events a warning at or above the level covered), misses,
/// false alarms (warnings at or above the level that covered no event), POD = hits / events, FAR = false alarms /
/// alarms, CSI = hits / (hits + misses + false alarms), and the lead time of the hits in hours — the observed event's
/// start less the issue of the warning that covered it (median and 10th percentile); null where undefined.
/// </summary>
public sealed record LevelSkill(
    int Events,
    int Hits,
    int Misses,
    int FalseAlarms,
    int Alarms,
    double? Pod,
    double? Far,
    double? Csi,
    double? LeadMedianHours,
    double? LeadP10Hours)
{
    /// <summary>The lead times of the hits, in hours (to combine sensors into a total).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<double> Leads { get; init; } = [];
}
