using Warning.Grains.Warnings;
using Warning.Grains.Publication;
using Warning.Rules.Levels;

namespace Warning.Publication.Texts;

/// <summary>
/// Texts of a public warning version per hazard and level, in Chinese and English: the CAP info blocks, the SMS
/// (sized to fit one 70-character UCS-2 segment in the usual case) and the loudspeaker text for the broadcast.
/// </summary>
public static class PublicTexts
{
    public static PublicText For(PublicWarning warning, PublicWarningVersion version, Language language)
    {
        WarningLevelNames.TryParse(version.Level, out var level);
        var eventName = HazardTexts.Event(warning.Hazard, language);
        var levelName = HazardTexts.Level(level, language);
        var zh = language == Language.Chinese;
        var evidence = EvidenceTexts.Short(version.Evidence, language);
        var sensors = version.Contributors.Count;
        if (version.MsgType == "Cancel")
        {
            return new PublicText(eventName,
                zh ? $"{warning.Area}{eventName}预警撤销" : $"Cancelled: {eventName.ToLowerInvariant()} warning for {warning.Area}",
                zh ? "经核实，此前发布的预警有误，予以撤销。" : "The earlier warning was checked and found wrong; it is withdrawn.",
                zh ? "无需采取行动。" : "No action needed.");
        }
        if (version.AllClear)
        {
            return new PublicText(eventName,
                zh ? $"{warning.Area}{eventName}{levelName}预警解除" : $"All clear: {levelName} {eventName.ToLowerInvariant()} warning for {warning.Area} lifted",
                zh ? "各监测点已回落到预警标准以下，预警解除。" : "Every monitoring point is back below the warning thresholds.",
                zh ? "恢复正常活动，仍请留意后续预警。" : "Normal activity may resume; watch for further warnings.");
        }
        var headline = (warning.Hazard, zh) switch
        {
            (Hazards.Rainstorm, true) => $"{warning.Area}暴雨{levelName}预警信号",
            (Hazards.Torrent, true) => $"{warning.Area}山洪灾害{levelName}预警（{(level == WarningLevel.Red ? "立即转移" : "准备转移")}）",
            (_, true) => $"{warning.Area}{eventName}{levelName}预警",
            _ => $"{Capitalised(levelName)} {eventName.ToLowerInvariant()} warning for {warning.Area}",
        };
        // A level that rests on a forecast says when it is expected (实况加预报: rain fallen plus rain forecast).
        var expected = version.Basis == WarningBases.Forecast && version.ExpectedOnset is { } at ? at.ToOffset(TimeSpan.FromHours(8)) : (DateTimeOffset?)null;
        var description = (zh, expected) switch
        {
            (true, { } t) => $"预计{t:M月d日HH:mm}前后{evidence}（实况加预报），{sensors}个监测点将达到预警标准。",
            (false, { } t) => $"Expected by {t:yyyy-MM-dd HH:mm} (UTC+8): {evidence} (observed plus forecast); {sensors} monitoring point{(sensors == 1 ? "" : "s")} will reach warning level.",
            (true, null) => $"{evidence}，{sensors}个监测点达到预警标准。",
            _ => $"{Capitalised(evidence)}; {sensors} monitoring point{(sensors == 1 ? "" : "s")} at warning level.",
        };
        return new PublicText(eventName, headline, description, HazardTexts.Instruction(warning.Hazard, level, language));
    }

    /// <summary>The SMS: headline, evidence and what to do; 演练 (exercise) marked first.</summary>
    public static string Sms(PublicWarning warning, PublicWarningVersion version)
    {
        var text = For(warning, version, Language.Chinese);
        var forecast = version.Basis == WarningBases.Forecast ? "预计" : "";
        var evidence = version.MsgType == "Cancel" || version.AllClear ? "" : "：" + forecast + EvidenceTexts.Short(version.Evidence, Language.Chinese);
        return $"{(warning.Exercise ? "【演练】" : "")}【预警】{text.Headline}{evidence}。{text.Instruction}";
    }

    /// <summary>What the village loudspeaker reads out.</summary>
    public static string Broadcast(PublicWarning warning, PublicWarningVersion version)
    {
        var text = For(warning, version, Language.Chinese);
        return $"{(warning.Exercise ? "演练！" : "")}请注意！{text.Headline}。{text.Description}{text.Instruction}请相互转告。";
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
