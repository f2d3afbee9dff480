using System.Globalization;
using System.Text.Json;
using Warning.Rules.Levels;
using Warning.Rules.Parameters;
using Warning.Rules.Rainstorm;

namespace Warning.Rules.Torrent;

/// <summary>
/// Parameters of <c>torrent</c>, the mountain-torrent critical rainfall of the villages a gauge speaks for
/// (山洪灾害临界雨量, from each village's survey). Default table 1 h 35/45, 3 h 55/75, 6 h 70/95, 24 h 100/130 mm;
/// <c>antecedent</c> scales every threshold: <c>dry</c> 1.1, <c>normal</c> 1.0, <c>wet</c> 0.8, or a factor.
/// <c>{"windows": {"PT1H": {"prepare": 30, "evacuate": 40}}, "antecedent": "wet"}</c>
/// </summary>
public sealed record TorrentParams(IReadOnlyList<TorrentGrade> Grades, double AntecedentFactor, TimeSpan ClearAfter, TimeSpan ForecastHorizon)
{
    public const string RulesetName = "torrent";
    public const string Metric = "rain_mm";

    private static readonly Dictionary<string, double> Antecedents = new() { ["dry"] = 1.1, ["normal"] = 1.0, ["wet"] = 0.8 };

    public static TorrentParams Default { get; } = new(
        [
            new(TimeSpan.FromHours(1), 35, 45),
            new(TimeSpan.FromHours(3), 55, 75),
            new(TimeSpan.FromHours(6), 70, 95),
            new(TimeSpan.FromHours(24), 100, 130),
        ],
        1.0,
        TimeSpan.FromHours(1),
        Forecasts.ForecastLevelPolicy.DefaultHorizon);

    public TimeSpan LongestWindow => Grades.Max(g => g.Window);

    /// <summary>The grades as level thresholds (orange prepare, red evacuate, × antecedent factor), for forecasts.</summary>
    public IReadOnlyList<RainstormThreshold> LevelThresholds => Grades.SelectMany(g => new[]
    {
        new RainstormThreshold(WarningLevel.Orange, g.Window, g.Prepare * AntecedentFactor),
        new RainstormThreshold(WarningLevel.Red, g.Window, g.Evacuate * AntecedentFactor),
    }).ToList();

    public static TorrentParams Parse(JsonElement json, List<ParamError> errors)
    {
        var reader = new ParamReader(json);
        var grades = Default.Grades;
        if (reader.Has("windows"))
        {
            var table = reader.Object("windows");
            var read = new List<TorrentGrade>();
            foreach (var key in table.Keys())
            {
                if (!ParamReader.TryParseDuration(key, out var window) || window <= TimeSpan.Zero)
                {
                    table.Problem(key, "a window key must be a positive ISO 8601 duration such as \"PT3H\"");
                    continue;
                }
                var grade = table.Object(key);
                var prepare = grade.Positive("prepare", double.NaN);
                var evacuate = grade.Positive("evacuate", double.NaN);
                if (!grade.Has("prepare")) grade.Problem("prepare", "is required: the 准备转移 rainfall in mm");
                if (!grade.Has("evacuate")) grade.Problem("evacuate", "is required: the 立即转移 rainfall in mm");
                if (prepare >= evacuate)
                {
                    grade.Problem("prepare", $"expected below evacuate ({evacuate.ToString(CultureInfo.InvariantCulture)}), got {prepare.ToString(CultureInfo.InvariantCulture)}");
                }
                read.Add(new TorrentGrade(window, prepare, evacuate));
            }
            if (read.Count == 0 && table.Keys().Count == 0) reader.Problem("windows", "expected at least one window, e.g. {\"PT1H\": {\"prepare\": 35, \"evacuate\": 45}}");
            grades = read;
        }

        var factor = Default.AntecedentFactor;
        if (reader.IsNumber("antecedent")) factor = reader.Positive("antecedent", factor);
        else if (reader.Text("antecedent") is { } name)
        {
            if (!Antecedents.TryGetValue(name, out factor))
            {
                reader.Problem("antecedent", $"expected dry, normal, wet or a positive factor, got \"{name}\"");
                factor = Default.AntecedentFactor;
            }
        }

        var clearAfter = reader.Duration("clearAfter", Default.ClearAfter);
        var horizon = reader.Duration("forecastHorizon", Default.ForecastHorizon);
        errors.AddRange(reader.Errors);
        return new TorrentParams(grades, factor, clearAfter, horizon);
    }
}
