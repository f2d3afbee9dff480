using System.Globalization;
using Warning.Grains.Warnings;

namespace Warning.Publication.Texts;

/// <summary>Evidence in a few words, short enough for an SMS segment.</summary>
public static class EvidenceTexts
{
    public static string Short(WarningEvidence? evidence, Language language)
    {
        if (evidence is null) return "";
        var v = Number(evidence.Value);
        var window = Window(evidence.Window, language);
        return (evidence.Metric, language) switch
        {
            ("rain_mm", Language.Chinese) => $"{window}雨量{v}毫米",
            ("tangential_angle_deg", Language.Chinese) => $"切线角{v}°",
            ("lel_pct", Language.Chinese) => $"可燃气体{v}%LEL",
            ("toxic_ppm", Language.Chinese) => $"有毒气体{v}ppm",
            ("o2_vol_pct", Language.Chinese) => $"氧气{v}%vol",
            ("smoke_conf", Language.Chinese) => "视频发现烟雾",
            ("fire_conf", Language.Chinese) => "视频发现火点",
            ("confirmed_detectors", Language.Chinese) => $"{v}个探测器报警",
            ("confirming_cameras", Language.Chinese) => $"{v}台摄像机确认烟雾",
            ("fire_danger_level", Language.Chinese) => $"发现火点，火险{v}级",
            (_, Language.Chinese) => $"{evidence.Metric}={v}",
            ("rain_mm", _) => $"{v} mm of rain in {window}",
            ("tangential_angle_deg", _) => $"tangential angle {v}°",
            ("lel_pct", _) => $"combustible gas {v} %LEL",
            ("toxic_ppm", _) => $"toxic gas {v} ppm",
            ("o2_vol_pct", _) => $"oxygen {v} %vol",
            ("smoke_conf", _) => "smoke seen on video",
            ("fire_conf", _) => "fire seen on video",
            ("confirmed_detectors", _) => $"{v} detectors in alarm",
            ("confirming_cameras", _) => $"smoke confirmed by {v} cameras",
            ("fire_danger_level", _) => $"fire seen at fire danger {v}",
            _ => $"{evidence.Metric} = {v}",
        };
    }

    private static string Window(string isoWindow, Language language)
    {
        var span = System.Xml.XmlConvert.ToTimeSpan(isoWindow);
        var hours = span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours);
        return (hours, language) switch
        {
            (true, Language.Chinese) => $"{span.TotalHours:0}小时",
            (false, Language.Chinese) => $"{span.TotalMinutes:0}分钟",
            (true, _) => $"{span.TotalHours:0} h",
            _ => $"{span.TotalMinutes:0} min",
        };
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
