using Warning.Rules.Reports;

namespace Warning.Rules.Tests.Reports;

/// <summary>The SMS short form of a report: kind by code letters or Chinese word, an optional position, the text; problems named by field.</summary>
public sealed class SmsReportTests
{
    [Theory]
    [InlineData("LF 裂缝 加宽 5cm", "crack", "加宽 5cm")]
    [InlineData("lf 加宽 5cm", "crack", "加宽 5cm")]
    [InlineData("裂缝加宽5cm", "crack", "加宽5cm")]
    [InlineData("GQ 坡脚鼓胀", "bulge", "坡脚鼓胀")]
    [InlineData("冒浑水 泉水变浑", "muddy-spring", "泉水变浑")]
    [InlineData("BT", "rockfall", "")]
    [InlineData("TX 地面塌陷", "subsidence", "地面塌陷")]
    [InlineData("HS 河水漫过桥面", "flooding", "河水漫过桥面")]
    [InlineData("ZQ 房屋倒塌2间", "damage", "房屋倒塌2间")]
    [InlineData("SW，2人受伤", "casualty", "2人受伤")]
    public void Kinds_by_code_or_word(string text, string kind, string rest)
    {
        var parsed = SmsReport.Parse(text);
        Assert.Null(parsed.Problem);
        Assert.Equal((kind, rest), (parsed.Kind, parsed.Text));
        Assert.True(SmsReport.LooksLikeReport(text));
    }

    [Fact]
    public void A_position_and_a_rain_amount_are_read()
    {
        var p = SmsReport.Parse("YL @34.86,105.67 35.5mm 一小时");
        Assert.Equal(("rain", 34.86, 105.67, 35.5), (p.Kind, p.Lat, p.Lon, p.Amount));
        var q = SmsReport.Parse("LF @34.8615，105.6712 后山");
        Assert.Equal((34.8615, 105.6712, "后山"), (q.Lat, q.Lon, q.Text));
    }

    [Theory]
    [InlineData("XQ 山上有异响", "kind", "XQ")]
    [InlineData("", "kind", null)]
    [InlineData("LF 落石", "kind", "落石")]
    [InlineData("LF @91,105 裂缝", "position", "@91,105")]
    [InlineData("LF @north 裂缝", "position", null)]
    [InlineData("YL 下了很大", "amount", null)]
    public void What_is_not_understood_is_named(string text, string field, string? token)
    {
        var parsed = SmsReport.Parse(text);
        Assert.Null(parsed.Kind);
        Assert.Equal((field, token), (parsed.Field, parsed.Token));
        Assert.False(string.IsNullOrEmpty(parsed.Problem));
    }

    [Theory]
    [InlineData("收到1234")]
    [InlineData("1234")]
    [InlineData("OK 收到")]
    public void Replies_do_not_look_like_reports(string text) => Assert.False(SmsReport.LooksLikeReport(text));
}
