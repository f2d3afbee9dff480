using System.Text.RegularExpressions;
using Warning.Grains.Publication;
using Warning.Rules.Levels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Warning.Publication.Authorities;

/// <summary>
/// Reads <c>config/authorities.yaml</c> — <c>units</c> (id, name, sender, region) and <c>rules</c> (hazard, levels,
/// region, units, roles) — and reports every problem at once, each with its file and line. A file with any problem
/// gives no policy: at start the engine stops; while running the policy in force stays (<see cref="AuthoritiesWatcher"/>).
/// </summary>
public static partial class AuthoritiesFile
{
    /// <summary>The path used when <c>Publication:Authorities</c> is not set (relative to the working directory).</summary>
    public const string DefaultPath = "config/authorities.yaml";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    public static partial Regex UnitId();

    /// <summary>A region prefix: province (2 digits), city (4), county (6), township (9) or village (12).</summary>
    [GeneratedRegex(@"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$")]
    public static partial Regex RegionPrefix();

    [GeneratedRegex(@"^[^\s,<&]+$")]
    private static partial Regex CapSender();

    /// <summary>The policy of the file at <paramref name="path"/>; a missing file is a problem unless <paramref name="optional"/> (then: no policy).</summary>
    public static (AuthorityPolicy? Policy, IReadOnlyList<AuthorityError> Errors) Load(string path, bool optional)
    {
        if (!File.Exists(path))
        {
            return optional ? (AuthorityPolicy.None, [])
                : (null, [new AuthorityError(path, 0, "(file)", "does not exist; give the path of an authorities file (config/authorities.yaml format)")]);
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [new AuthorityError(path, 0, "(file)", $"cannot be read: {e.Message}")]);
        }
        return Parse(text, path);
    }

    public static (AuthorityPolicy? Policy, IReadOnlyList<AuthorityError> Errors) Parse(string yaml, string file)
    {
        var errors = new List<AuthorityError>();
        YamlNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            return (null, [new AuthorityError(file, (int)e.Start.Line, "(yaml)", e.InnerException?.Message ?? e.Message)]);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some broken input (an unclosed flow mapping), without a position.
            return (null, [new AuthorityError(file, 0, "(yaml)", $"not readable as YAML ({e.Message}); check brackets and indentation")]);
        }
        if (root is null or YamlScalarNode { Value: null or "" or "~" or "null" }) return (AuthorityPolicy.None, []);
        void Fail(YamlNode at, string field, string problem) => errors.Add(new AuthorityError(file, (int)at.Start.Line, field, problem));
        if (root is not YamlMappingNode top)
        {
            Fail(root, "$", "expected a mapping with units: and rules:");
            return (null, errors);
        }
        Known(top, "", ["units", "rules"], Fail);
        var units = Units(Child(top, "units"), Fail);
        var rules = Rules(Child(top, "rules"), file, units, Fail);
        return errors.Count > 0 ? (null, errors) : (new AuthorityPolicy(units, rules), errors);
    }

    private static List<AuthorityUnit> Units(YamlNode? node, Action<YamlNode, string, string> fail)
    {
        var units = new List<AuthorityUnit>();
        var i = 0;
        foreach (var entry in Items(node, "units", fail))
        {
            var at = $"units[{i++}]";
            if (entry is not YamlMappingNode map)
            {
                fail(entry, at, "expected a mapping with id, name and optionally sender and region");
                continue;
            }
            Known(map, at, ["id", "name", "sender", "region"], fail);
            var id = Scalar(map, "id");
            var name = Scalar(map, "name");
            var sender = Scalar(map, "sender");
            var region = Scalar(map, "region") ?? "";
            var ok = true;
            if (id is null || !UnitId().IsMatch(id)) ok = Bad(map, "id", $"{at}.id", $"expected a unit id such as natural-resources (lower-case letters, digits, '-'), got {Shown(id)}", fail);
            if (string.IsNullOrWhiteSpace(name)) ok = Bad(map, "name", $"{at}.name", "is missing; expected the unit's name as CAP senderName shows it, e.g. 某某县气象局", fail);
            if (sender is not null && !CapSender().IsMatch(sender)) ok = Bad(map, "sender", $"{at}.sender", $"expected a CAP sender without spaces, commas, '<' or '&', got \"{sender}\"", fail);
            if (region.Length > 0 && !RegionPrefix().IsMatch(region)) ok = Bad(map, "region", $"{at}.region", $"expected a region code prefix of 2, 4, 6, 9 or 12 digits, got \"{region}\"", fail);
            if (ok && units.Any(u => u.Id == id && u.Region == region)) ok = Bad(map, "id", $"{at}.id", $"unit \"{id}\" is already declared{(region.Length > 0 ? $" for region {region}" : "")}", fail);
            if (ok) units.Add(new AuthorityUnit(id!, name!.Trim(), sender ?? id!, region));
        }
        return units;
    }

    private static List<AuthorityRule> Rules(YamlNode? node, string file, List<AuthorityUnit> units, Action<YamlNode, string, string> fail)
    {
        var rules = new List<AuthorityRule>();
        var i = 0;
        foreach (var entry in Items(node, "rules", fail))
        {
            var at = $"rules[{i++}]";
            if (entry is not YamlMappingNode map)
            {
                fail(entry, at, "expected a mapping with hazard, levels, units and optionally region and roles");
                continue;
            }
            Known(map, at, ["hazard", "levels", "region", "units", "roles"], fail);
            var ok = true;
            var hazard = Scalar(map, "hazard");
            if (hazard is null || !Hazards.All.Contains(hazard)) ok = Bad(map, "hazard", $"{at}.hazard", $"expected one of {string.Join(", ", Hazards.All)}, got {Shown(hazard)}", fail);
            var levels = List(map, "levels", at, fail, ref ok);
            foreach (var (level, n) in levels.Select((l, n) => (l, n)))
            {
                if (!WarningLevelNames.TryParse(level, out var parsed) || parsed < WarningLevel.Orange)
                    ok = Bad(map, "levels", $"{at}.levels[{n}]", $"expected orange or red (blue and yellow publish at once, RULES.md), got \"{level}\"", fail);
            }
            if (levels.Count == 0 && Child(map, "levels") is not null) ok = Bad(map, "levels", $"{at}.levels", "is empty; expected orange, red or both", fail);
            var region = Scalar(map, "region") ?? "";
            if (region.Length > 0 && !RegionPrefix().IsMatch(region)) ok = Bad(map, "region", $"{at}.region", $"expected a region code prefix of 2, 4, 6, 9 or 12 digits, got \"{region}\"", fail);
            var needed = List(map, "units", at, fail, ref ok);
            foreach (var (unit, n) in needed.Select((u, n) => (u, n)))
            {
                if (!units.Any(u => u.Id == unit)) ok = Bad(map, "units", $"{at}.units[{n}]", $"unit \"{unit}\" is not declared under units:", fail);
            }
            if (needed.Count == 0 && Child(map, "units") is not null) ok = Bad(map, "units", $"{at}.units", "is empty; expected the units that must approve", fail);
            if (needed.Distinct().Count() != needed.Count) ok = Bad(map, "units", $"{at}.units", "names a unit twice", fail);
            var roles = Child(map, "roles") is null ? AuthorityPolicy.DefaultRoles : List(map, "roles", at, fail, ref ok);
            foreach (var (role, n) in roles.Select((r, n) => (r, n)))
            {
                if (!AuthorityPolicy.ApprovingRoles.Contains(role)) ok = Bad(map, "roles", $"{at}.roles[{n}]", $"expected {string.Join(" or ", AuthorityPolicy.ApprovingRoles)}, got \"{role}\"", fail);
            }
            if (!ok) continue;
            var line = (int)map.Start.Line;
            foreach (var level in levels)
            {
                if (rules.FirstOrDefault(r => r.Hazard == hazard && r.Region == region && r.Levels.Contains(level)) is { } earlier)
                {
                    ok = Bad(map, "levels", $"{at}.levels", $"{hazard} {level}{(region.Length > 0 ? $" in {region}" : "")} already has a rule ({earlier.Where})", fail);
                }
            }
            if (ok) rules.Add(new AuthorityRule(hazard!, levels, region, needed, roles, $"{file} line {line}"));
        }
        return rules;
    }

    private static bool Bad(YamlMappingNode map, string key, string field, string problem, Action<YamlNode, string, string> fail)
    {
        fail(Child(map, key) ?? map, field, problem);
        return false;
    }

    private static IEnumerable<YamlNode> Items(YamlNode? node, string name, Action<YamlNode, string, string> fail)
    {
        if (node is null or YamlScalarNode { Value: null or "" or "~" or "null" }) return [];
        if (node is YamlSequenceNode list) return list.Children;
        fail(node, name, "expected a list");
        return [];
    }

    private static List<string> List(YamlMappingNode map, string key, string at, Action<YamlNode, string, string> fail, ref bool ok)
    {
        switch (Child(map, key))
        {
            case null:
                ok = Bad(map, key, $"{at}.{key}", "is missing", fail);
                return [];
            case YamlScalarNode { Value: { Length: > 0 } one }:
                return [one];
            case YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }):
                return list.Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
            default:
                ok = Bad(map, key, $"{at}.{key}", "expected a list of words, e.g. [orange, red]", fail);
                return [];
        }
    }

    private static void Known(YamlMappingNode map, string at, string[] keys, Action<YamlNode, string, string> fail)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!keys.Contains(name)) fail(key, at.Length > 0 ? $"{at}.{name}" : name, $"unknown field; expected {string.Join(", ", keys)}");
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var k } && k == key).Value;

    private static string? Scalar(YamlMappingNode map, string key) => Child(map, key) is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    private static string Shown(string? value) => value is null ? "nothing" : $"\"{value}\"";
}
