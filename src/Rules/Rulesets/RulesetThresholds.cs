using System.Text.Json;
using Warning.Rules.FireCamera;
using Warning.Rules.GasDetection;
using Warning.Rules.Levels;
using Warning.Rules.Parameters;
using Warning.Rules.Rainstorm;
using Warning.Rules.TangentialAngle;
using Warning.Rules.Torrent;

namespace Warning.Rules.Rulesets;

/// <summary>The thresholds of a sensor's ruleset with its params applied, for charts to draw.</summary>
public static class RulesetThresholds
{
    public static IReadOnlyList<Threshold> Describe(string ruleset, JsonElement parameters)
    {
        var errors = new List<ParamError>();
        return ruleset switch
        {
            RainstormParams.RulesetName => RainstormParams.Parse(parameters, errors).Thresholds
                .Select(t => new Threshold(RainstormParams.Metric, ParamReader.FormatDuration(t.Window), t.Level.ToContractName(), t.Millimetres)).ToList(),
            TorrentParams.RulesetName => Torrent(TorrentParams.Parse(parameters, errors)),
            TangentialAngleParams.RulesetName => Angles(TangentialAngleParams.Parse(parameters, errors)),
            GasDetectionParams.RulesetName => Gas(GasDetectionParams.Parse(parameters, errors)),
            FireCameraParams.RulesetName => Camera(FireCameraParams.Parse(parameters, errors)),
            _ => [],
        };
    }

    private static List<Threshold> Torrent(TorrentParams p) => p.Grades.SelectMany(g => new[]
    {
        new Threshold(TorrentParams.Metric, ParamReader.FormatDuration(g.Window), "orange", g.Prepare * p.AntecedentFactor),
        new Threshold(TorrentParams.Metric, ParamReader.FormatDuration(g.Window), "red", g.Evacuate * p.AntecedentFactor),
    }).ToList();

    private static List<Threshold> Angles(TangentialAngleParams p) =>
    [
        new(TangentialAngleParams.AngleMetric, null, "blue", p.Blue), new(TangentialAngleParams.AngleMetric, null, "yellow", p.Yellow),
        new(TangentialAngleParams.AngleMetric, null, "orange", p.Orange), new(TangentialAngleParams.AngleMetric, null, "red", p.Red),
    ];

    private static List<Threshold> Gas(GasDetectionParams p)
    {
        var lines = new List<Threshold>
        {
            new("lel_pct", null, "yellow", p.Lel1), new("lel_pct", null, "orange", p.Lel2), new("lel_pct", null, "red", GasDetectionParams.LelRed),
            new("o2_vol_pct", null, "yellow", p.O2Low, "below"), new("o2_vol_pct", null, "yellow", p.O2High),
        };
        if (p.OelPpm is { } oel) lines.AddRange([new("toxic_ppm", null, "yellow", oel), new("toxic_ppm", null, "orange", 2 * oel)]);
        lines.AddRange(p.Process.SelectMany(s => new Threshold[] { new(s.Metric, null, "yellow", s.High), new(s.Metric, null, "orange", s.HighHigh) }));
        return lines;
    }

    private static List<Threshold> Camera(FireCameraParams p) =>
        [new("smoke_conf", null, "blue", p.SmokeNotice), new("smoke_conf", null, "yellow", p.SmokeConfirm), new("fire_conf", null, "orange", p.FireConfirm)];
}
