using System.Globalization;
using Warning.Grains.Sensors;
using Warning.Rules.Levels;

namespace Warning.Grains.Warnings;

/// <summary>Chinese headline and description of a warning (GLOSSARY.md terms), sized to be read aloud or sent.</summary>
public static class WarningTexts
{
    public static string HazardName(string kind, string ruleset) => (kind, ruleset) switch
    {
        (_, "torrent") => "山洪灾害",
        ("rain", _) => "暴雨",
        ("landslide", _) => "地质灾害（滑坡）",
        ("chemical", _) => "危险化学品",
        ("firecam", _) => "森林火灾",
        _ => kind,
    };

    public static string Headline(SensorDefinition sensor, string ruleset, WarningLevel level) => ruleset switch
    {
        "torrent" => $"{sensor.Name}山洪灾害{level.ToChinese()}预警（{(level == WarningLevel.Red ? "立即转移" : "准备转移")}）",
        "cma-rainstorm" => $"{sensor.Name}暴雨{level.ToChinese()}预警信号",
        _ => $"{sensor.Name}{HazardName(sensor.Kind, ruleset)}{level.ToChinese()}预警",
    };

    public static string Description(SensorDefinition sensor, string ruleset, WarningLevel level, WarningEvidence evidence)
    {
        var value = Number(evidence.Value);
        var threshold = Number(evidence.Threshold);
        var what = evidence.Metric switch
        {
            "rain_mm" => $"{WindowText(evidence.Window)}降雨量{value}毫米（标准≥{threshold}毫米）",
            "tangential_angle_deg" => $"改进切线角{value}°，处于{Stage(level)}阶段（标准≥{threshold}°）",
            "lel_pct" => $"可燃气体浓度{value}%LEL（{(evidence.Threshold >= 50 ? "二级报警" : "一级报警")}设定值{threshold}%LEL）",
            "toxic_ppm" => $"有毒气体浓度{value}ppm（标准≥{threshold}ppm）",
            "o2_vol_pct" => $"氧气浓度{value}%vol，{(evidence.Value < evidence.Threshold ? "缺氧" : "富氧")}（限值{threshold}%vol）",
            "smoke_conf" => $"视频监测发现烟雾（置信度{value}）",
            "fire_conf" => $"视频监测发现火点（置信度{value}）",
            "confirmed_detectors" => $"{value}个探测器同时报警（{WindowText(evidence.Window)}确认）",
            "confirming_cameras" => $"{value}台摄像机在同一区域确认烟雾",
            "fire_danger_level" => $"视频监测发现火点，当日森林火险等级为{value}级（≥{threshold}级）",
            _ => $"{evidence.Metric}为{value}（设定值{threshold}）",
        };
        return $"{sensor.Name}（{sensor.Id}）{what}，达到{HazardName(sensor.Kind, ruleset)}{level.ToChinese()}预警标准。请注意防范。";
    }

    public static string Ended(SensorDefinition sensor, string ruleset, WarningLevel lastLevel) =>
        $"{sensor.Name}（{sensor.Id}）{HazardName(sensor.Kind, ruleset)}{lastLevel.ToChinese()}预警解除。";

    private static string Stage(WarningLevel level) => level switch
    {
        WarningLevel.Red => "临滑",
        WarningLevel.Orange => "中加速",
        WarningLevel.Yellow => "初加速",
        _ => "等速变形",
    };

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string WindowText(string isoWindow)
    {
        var span = System.Xml.XmlConvert.ToTimeSpan(isoWindow);
        return span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours)
            ? $"{span.TotalHours:0}小时内"
            : $"{span.TotalMinutes:0}分钟内";
    }
}
