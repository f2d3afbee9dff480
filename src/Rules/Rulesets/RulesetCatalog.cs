using System.Text.Json;
using Warning.Rules.Parameters;
using Warning.Rules.Rainstorm;

namespace Warning.Rules.Rulesets;

/// <summary>
/// The rulesets this engine evaluates, the sensor kinds each applies to, and their params checks.
/// <c>none</c> stores and shows a sensor's readings without raising warnings.
/// </summary>
public static class RulesetCatalog
{
    public const string None = "none";

    private static readonly Dictionary<string, string[]> KindsByRuleset = new(StringComparer.Ordinal)
    {
        [RainstormParams.RulesetName] = ["rain"],
        [None] = ["rain", "landslide", "chemical", "firecam"],
    };

    public static IReadOnlyCollection<string> Names => KindsByRuleset.Keys;

    public static string DefaultFor(string kind) => kind == "rain" ? RainstormParams.RulesetName : None;

    public static bool Exists(string ruleset) => KindsByRuleset.ContainsKey(ruleset);

    public static bool AppliesTo(string ruleset, string kind) =>
        KindsByRuleset.TryGetValue(ruleset, out var kinds) && kinds.Contains(kind);

    public static IReadOnlyList<string> KindsOf(string ruleset) =>
        KindsByRuleset.TryGetValue(ruleset, out var kinds) ? kinds : [];

    /// <summary>Every problem with <paramref name="parameters"/> for <paramref name="ruleset"/>.</summary>
    public static IReadOnlyList<ParamError> Validate(string ruleset, JsonElement parameters)
    {
        var errors = new List<ParamError>();
        switch (ruleset)
        {
            case RainstormParams.RulesetName:
                RainstormParams.Parse(parameters, errors);
                break;
            default:
                errors.AddRange(new ParamReader(parameters).Errors);
                break;
        }
        return errors;
    }
}
