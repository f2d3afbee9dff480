using System.Text.Json;
using Warning.Rules.Parameters;
using Warning.Rules.Rainstorm;
using Warning.Rules.Torrent;

namespace Warning.Rules.Skill;

/// <summary>The level thresholds a rain ruleset is scored on (its params applied); null for rulesets not scored.</summary>
public static class SkillThresholds
{
    public static IReadOnlyList<RainstormThreshold>? Of(string ruleset, JsonElement parameters)
    {
        var errors = new List<ParamError>();
        return ruleset switch
        {
            RainstormParams.RulesetName => RainstormParams.Parse(parameters, errors).Thresholds,
            TorrentParams.RulesetName => TorrentParams.Parse(parameters, errors).LevelThresholds,
            _ => null,
        };
    }
}
