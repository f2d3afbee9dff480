using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warning.Ingest.Registry;
using Warning.Rules.Skill;
using Warning.Silo.Replay;

namespace Warning.Silo.Tune;

/// <summary>
/// <c>./warning tune FILE --ruleset cma-rainstorm --param red.mm=80..120:5 [--level red] [--registry F]</c>: replays the
/// season once per value of one param — set on every rain gauge of the registry, with the ruleset given — and prints
/// the trade-off table: the level's events, hits, misses, false alarms, POD, FAR, CSI, lead median, and the messages a
/// county official who hears every warned area gets (each level a gauge's warning takes, and each all-clear). With
/// forecast rows in the season the forecast-driven figures are printed.
/// </summary>
public static class TuneCommand
{
    public static async Task<int> Run(string[] args)
    {
        var file = new Argument<FileInfo>("file") { Description = "season CSV (with forecast rows or without)" };
        var registry = new Option<FileInfo>("--registry") { Description = "sensor registry", DefaultValueFactory = _ => new FileInfo("config/sensors.yaml") };
        var ruleset = new Option<string>("--ruleset") { Description = "cma-rainstorm or torrent, set on every rain gauge", Required = true };
        var param = new Option<string>("--param") { Description = "NAME=FROM..TO:STEP, e.g. red.mm=80..120:5 (a dotted path into params)", Required = true };
        var level = new Option<string?>("--level") { Description = "the level scored (default: the param's first part when it is a level, else red)" };
        var command = new RootCommand("Replay a season once per value of one param and print the trade-off table.") { file, registry, ruleset, param, level };
        command.SetAction(async (result, ct) =>
        {
            var rs = result.GetValue(ruleset)!;
            if (rs is not ("cma-rainstorm" or "torrent"))
            {
                await Console.Error.WriteLineAsync($"tune: --ruleset takes cma-rainstorm or torrent, got \"{rs}\"");
                return 2;
            }
            if (!TryRange(result.GetValue(param)!, out var name, out var values))
            {
                await Console.Error.WriteLineAsync($"tune: --param takes NAME=FROM..TO:STEP such as red.mm=80..120:5, got \"{result.GetValue(param)}\"");
                return 2;
            }
            var scored = result.GetValue(level) ?? (name.Split('.')[0] is "blue" or "yellow" or "orange" or "red" ? name.Split('.')[0] : "red");
            if (scored is not ("blue" or "yellow" or "orange" or "red"))
            {
                await Console.Error.WriteLineAsync($"tune: --level takes blue, yellow, orange or red, got \"{scored}\"");
                return 2;
            }
            var season = result.GetValue(file)!;
            if (!season.Exists || !result.GetValue(registry)!.Exists)
            {
                await Console.Error.WriteLineAsync($"tune: {(season.Exists ? result.GetValue(registry)!.FullName : season.FullName)} does not exist");
                return 2;
            }
            var entries = YamlJson.ReadList(await File.ReadAllTextAsync(result.GetValue(registry)!.FullName, ct)).Select(e => e.Entry).ToList();
            var dir = Directory.CreateTempSubdirectory("warning-tune-").FullName;
            try
            {
                await Console.Out.WriteLineAsync($"{name,-12} {"events",6} {"hits",5} {"misses",6} {"false",5} {"POD",6} {"FAR",6} {"CSI",6} {"lead h",6} {"msgs/official",13}");
                foreach (var value in values)
                {
                    var tuned = Path.Combine(dir, "sensors.yaml");
                    await File.WriteAllTextAsync(tuned, Registry(entries, rs, name, value), ct);
                    var report = await ReplayRunner.Run(new ReplaySettings(season.FullName, tuned, null, "direct", null, null, null, null), TextWriter.Null, ct);
                    var skill = (report.Skill!.Total.Forecast ?? report.Skill.Total.Observed)[scored];
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{value,-12:0.###} {skill.Events,6} {skill.Hits,5} {skill.Misses,6} {skill.FalseAlarms,5} {F(skill.Pod),6} {F(skill.Far),6} {F(skill.Csi),6} {F(skill.LeadMedianHours),6} {Messages(report),13}"));
                }
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
            return 0;
        });
        return await command.Parse(args).InvokeAsync();
    }

    /// <summary>
    /// What a county official who hears every warned area is sent over the season: one message per level a sensor's
    /// warning takes (issue, upgrade, downgrade) and one all-clear per warning that ended.
    /// </summary>
    public static int Messages(ReplayReport report) =>
        report.Warnings.Count + report.Warnings.Count(w => w.Ended is { } end && !report.Warnings.Any(o => o.SensorId == w.SensorId && o.Onset == end));

    /// <summary>The registry with every rain gauge on <paramref name="ruleset"/> and the param at <paramref name="path"/> set.</summary>
    public static string Registry(IReadOnlyList<JsonElement> entries, string ruleset, string path, double value)
    {
        var array = new JsonArray();
        foreach (var entry in entries)
        {
            var node = JsonNode.Parse(entry.GetRawText())!.AsObject();
            if (node["kind"]?.GetValue<string>() == "rain" && node["ruleset"]?.GetValue<string>() is "cma-rainstorm" or "torrent")
            {
                if (node["ruleset"]!.GetValue<string>() != ruleset) node["params"] = new JsonObject();
                node["ruleset"] = ruleset;
                var at = node["params"] as JsonObject ?? (JsonObject)(node["params"] = new JsonObject());
                var parts = path.Split('.');
                foreach (var part in parts[..^1]) at = at[part] as JsonObject ?? (JsonObject)(at[part] = new JsonObject());
                at[parts[^1]] = value;
            }
            array.Add(node);
        }
        return array.ToJsonString();
    }

    public static bool TryRange(string text, out string name, out List<double> values)
    {
        name = "";
        values = [];
        var eq = text.IndexOf('=');
        var dots = text.IndexOf("..", StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        if (eq <= 0 || dots < eq || colon < dots) return false;
        name = text[..eq];
        if (!double.TryParse(text[(eq + 1)..dots], CultureInfo.InvariantCulture, out var from)
            || !double.TryParse(text[(dots + 2)..colon], CultureInfo.InvariantCulture, out var to)
            || !double.TryParse(text[(colon + 1)..], CultureInfo.InvariantCulture, out var step) || step <= 0 || to < from || (to - from) / step > 1000) return false;
        for (var i = 0; from + i * step <= to + 1e-9; i++) values.Add(Math.Round(from + i * step, 6));
        return true;
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "—";
}
