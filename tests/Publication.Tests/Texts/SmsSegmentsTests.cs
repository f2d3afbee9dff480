using Warning.Grains.Publication;
using Warning.Publication.Texts;

namespace Warning.Publication.Tests.Texts;

public sealed class SmsSegmentsTests
{
    [Fact]
    public void Seventy_characters_are_one_message_seventy_one_are_two_segments_of_at_most_67()
    {
        Assert.Single(SmsSegments.Split(new string('雨', 70)));
        var two = SmsSegments.Split(new string('雨', 71));
        Assert.Equal([67, 4], two.Select(s => s.Length));
        var three = SmsSegments.Split(new string('雨', 135));
        Assert.Equal([67, 67, 1], three.Select(s => s.Length));
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_and_nothing_is_lost()
    {
        var text = new string('雨', 66) + "𠀀" + new string('雨', 10);
        var segments = SmsSegments.Split(text);
        Assert.Equal(text, string.Concat(segments));
        Assert.All(segments, s => Assert.False(char.IsHighSurrogate(s[^1])));
        Assert.All(segments, s => Assert.True(s.Length <= SmsSegments.Concatenated));
    }

    public static TheoryData<string, string> HazardsAndLevels =>
        new(from h in new[] { Hazards.Rainstorm, Hazards.Torrent, Hazards.Geohazard, Hazards.Chemical, Hazards.ForestFire }
            from l in new[] { "blue", "yellow", "orange", "red" }
            select (h, l));

    [Theory]
    [MemberData(nameof(HazardsAndLevels))]
    public void Every_hazard_and_level_has_an_SMS_of_at_most_two_segments_naming_area_level_evidence_and_what_to_do(string hazard, string level)
    {
        var warning = Samples.Warning(hazard, false, ("Alert", level, false));
        var sms = PublicTexts.Sms(warning, warning.Versions[0]);
        var zhLevel = level switch { "blue" => "蓝色", "yellow" => "黄色", "orange" => "橙色", _ => "红色" };

        Assert.Contains(warning.Area, sms);
        Assert.Contains(zhLevel, sms);
        Assert.Contains(EvidenceTexts.Short(Samples.EvidenceOf(hazard), Language.Chinese), sms);
        Assert.Contains(HazardTexts.Instruction(hazard, Enum.Parse<Warning.Rules.Levels.WarningLevel>(level, true), Language.Chinese), sms);
        Assert.InRange(SmsSegments.Split(sms).Count, 1, 2);
    }

    [Fact]
    public void All_clear_and_cancel_say_so_and_an_exercise_is_marked()
    {
        var ended = Samples.Warning(Hazards.Rainstorm, true, ("Alert", "red", false), ("Update", "red", true));
        var cancelled = Samples.Warning(Hazards.Geohazard, false, ("Alert", "orange", false), ("Cancel", "orange", false));

        Assert.StartsWith("【演练】", PublicTexts.Sms(ended, ended.Versions[1]));
        Assert.Contains("暴雨红色预警解除", PublicTexts.Sms(ended, ended.Versions[1]));
        Assert.Contains("预警撤销", PublicTexts.Sms(cancelled, cancelled.Versions[1]));
        Assert.Contains("请相互转告", PublicTexts.Broadcast(ended, ended.Versions[0]));
        Assert.Contains("lifted", PublicTexts.For(ended, ended.Versions[1], Language.English).Headline);
    }

    [Fact]
    public void A_level_on_a_forecast_says_it_is_expected_and_when()
    {
        var warning = Samples.Warning(Hazards.Rainstorm, false, ("Alert", "orange", false));
        var crossing = new DateTimeOffset(2021, 7, 20, 14, 0, 0, TimeSpan.FromHours(8));
        var forecast = warning.Versions[0] with { Basis = Warning.Grains.Warnings.WarningBases.Forecast, ExpectedOnset = crossing };
        var sms = PublicTexts.Sms(warning, forecast);
        Assert.Contains("：预计", sms);
        Assert.InRange(SmsSegments.Split(sms).Count, 1, 2);
        Assert.Contains("预计7月20日14:00前后", PublicTexts.Broadcast(warning, forecast));
        Assert.StartsWith("Expected by 2021-07-20 14:00", PublicTexts.For(warning, forecast, Language.English).Description);
        Assert.DoesNotContain("预计", PublicTexts.Sms(warning, warning.Versions[0]));
    }
}
