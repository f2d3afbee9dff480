using Warning.Grains.Publication;
using Warning.Rules.Levels;

namespace Warning.Publication.Texts;

/// <summary>Names of hazards and levels and what to do, per hazard and level (GLOSSARY.md terms), in both languages.</summary>
public static class HazardTexts
{
    public static string Event(string hazard, Language language) => (hazard, language) switch
    {
        (Hazards.Rainstorm, Language.Chinese) => "暴雨",
        (Hazards.Torrent, Language.Chinese) => "山洪灾害",
        (Hazards.Geohazard, Language.Chinese) => "地质灾害",
        (Hazards.Chemical, Language.Chinese) => "危险化学品",
        (Hazards.ForestFire, Language.Chinese) => "森林火灾",
        (Hazards.Rainstorm, _) => "Rainstorm",
        (Hazards.Torrent, _) => "Mountain torrent",
        (Hazards.Geohazard, _) => "Geological hazard",
        (Hazards.Chemical, _) => "Hazardous chemicals",
        (Hazards.ForestFire, _) => "Forest fire",
        _ => hazard,
    };

    public static string Level(WarningLevel level, Language language) =>
        language == Language.Chinese ? level.ToChinese() : level.ToContractName();

    public static string Instruction(string hazard, WarningLevel level, Language language)
    {
        var severe = level >= WarningLevel.Orange;
        return (hazard, severe, language) switch
        {
            (Hazards.Rainstorm, false, Language.Chinese) => "注意防范，远离低洼易涝处。",
            (Hazards.Rainstorm, true, Language.Chinese) => "停止户外活动，危险地带人员立即转移。",
            (Hazards.Torrent, _, Language.Chinese) when level == WarningLevel.Red => "立即转移到安全地点！",
            (Hazards.Torrent, _, Language.Chinese) => "准备转移，检查转移路线。",
            (Hazards.Geohazard, false, Language.Chinese) => "远离坡体，注意观察裂缝。",
            (Hazards.Geohazard, true, Language.Chinese) => "立即撤离危险区！",
            (Hazards.Chemical, false, Language.Chinese) => "企业立即排查，周边人员远离。",
            (Hazards.Chemical, true, Language.Chinese) => "启动应急预案，周边人员撤离。",
            (Hazards.ForestFire, false, Language.Chinese) => "严禁野外用火。",
            (Hazards.ForestFire, true, Language.Chinese) => "组织扑救，林区人员撤离。",
            (_, _, Language.Chinese) => "请注意防范。",
            (Hazards.Rainstorm, false, _) => "Take care; keep away from low-lying ground.",
            (Hazards.Rainstorm, true, _) => "Stop outdoor activity; people in danger zones move to safety now.",
            (Hazards.Torrent, _, _) when level == WarningLevel.Red => "Evacuate to safe ground now!",
            (Hazards.Torrent, _, _) => "Prepare to evacuate; check your route.",
            (Hazards.Geohazard, false, _) => "Keep off the slope; watch for cracks.",
            (Hazards.Geohazard, true, _) => "Leave the danger zone now!",
            (Hazards.Chemical, false, _) => "The enterprise checks for leaks; neighbours keep away.",
            (Hazards.Chemical, true, _) => "Emergency plan in force; neighbours evacuate.",
            (Hazards.ForestFire, false, _) => "No open fire in the countryside.",
            (Hazards.ForestFire, true, _) => "Fight the fire; people leave the forest.",
            _ => "Take care.",
        };
    }

    /// <summary>CAP category of the hazard.</summary>
    public static string CapCategory(string hazard) => hazard switch
    {
        Hazards.Rainstorm or Hazards.Torrent => "Met",
        Hazards.Geohazard => "Geo",
        Hazards.Chemical => "CBRNE",
        Hazards.ForestFire => "Fire",
        _ => "Other",
    };

    /// <summary>CAP responseType for a live warning: evacuation where the plans call for it.</summary>
    public static string CapResponse(string hazard, WarningLevel level) => (hazard, level) switch
    {
        (Hazards.Torrent or Hazards.Geohazard, WarningLevel.Red) => "Evacuate",
        (Hazards.Chemical or Hazards.ForestFire, >= WarningLevel.Orange) => "Evacuate",
        (_, >= WarningLevel.Orange) => "Shelter",
        _ => "Prepare",
    };
}
