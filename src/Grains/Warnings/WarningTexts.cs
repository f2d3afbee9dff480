using System.Globalization;
using Warning.Grains.Sensors;
using Warning.Rules.Levels;

namespace Warning.Grains.Warnings;

/// <summary>Chinese headline and description of a warning (GLOSSARY.md terms), sized to be read aloud or sent.</summary>
public static class WarningTexts
{
    public static string HazardName(string kind) => kind switch
    {
        "rain" => "暴雨",
        "landslide" => "地质灾害",
        "chemical" => "危险化学品",
        "firecam" => "森林火险",
        _ => kind,
    };

    public static string Headline(SensorDefinition sensor, WarningLevel level) =>
        $"{sensor.Name}{HazardName(sensor.Kind)}{level.ToChinese()}预警信号";

    public static string Description(SensorDefinition sensor, WarningLevel level, WarningEvidence? evidence)
    {
        if (evidence is null) return $"{sensor.Name}（{sensor.Id}）{HazardName(sensor.Kind)}预警解除。";
        var value = evidence.Value.ToString("0.#", CultureInfo.InvariantCulture);
        var threshold = evidence.Threshold.ToString("0.#", CultureInfo.InvariantCulture);
        return $"{sensor.Name}（{sensor.Id}）{WindowText(evidence.Window)}降雨量{value}毫米，"
            + $"达到{HazardName(sensor.Kind)}{level.ToChinese()}预警标准（≥{threshold}毫米）。请注意防范。";
    }

    public static string Ended(SensorDefinition sensor, WarningLevel lastLevel) =>
        $"{sensor.Name}（{sensor.Id}）{HazardName(sensor.Kind)}{lastLevel.ToChinese()}预警解除。";

    private static string WindowText(string isoWindow)
    {
        var span = System.Xml.XmlConvert.ToTimeSpan(isoWindow);
        return span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours)
            ? $"{span.TotalHours:0}小时内"
            : $"{span.TotalMinutes:0}分钟内";
    }
}
