using Warning.Grains.Publication;
using Warning.Publication.Confirmation;

namespace Warning.Publication.Texts;

/// <summary>
/// The texts of call-and-response (叫应): the request for an answer appended to an official's SMS, the voice call, the
/// notice to the tier above listing who has not answered, and the confirmation page. Chinese, as the public texts; the
/// SMS ones are split into UCS-2 segments like every SMS (<see cref="SmsSegments"/>).
/// </summary>
public static class ConfirmTexts
{
    /// <summary>Names listed in one escalation notice before "等N人" (keeps the notice to two or three segments).</summary>
    public const int NamesListed = 8;

    /// <summary>Appended to the warning SMS of an official who must answer: the reply code and the link.</summary>
    public static string Ask(string code, string link) => $"收到请回复{code}，或点击{link}";

    /// <summary>The warning SMS with its request for an answer.</summary>
    public static string Sms(PublicWarning warning, PublicWarningVersion version, string code, string link) =>
        $"{PublicTexts.Sms(warning, version)}{Ask(code, link)}";

    /// <summary>What the voice call reads out to a silent official.</summary>
    public static string Voice(PublicWarning warning, PublicWarningVersion version, string code)
    {
        var text = PublicTexts.For(warning, version, Language.Chinese);
        return $"{(warning.Exercise ? "演练！" : "")}请注意！{text.Headline}。{text.Instruction}您尚未确认收到，请回复短信{code}确认。";
    }

    /// <summary>The notice to the tier above: the warning and who has not answered it.</summary>
    public static string Escalation(PublicWarning warning, PublicWarningVersion version, IReadOnlyList<OpenConfirmation> silent)
    {
        var text = PublicTexts.For(warning, version, Language.Chinese);
        var names = string.Join("、", silent.Take(NamesListed).Select(s => $"{s.Name}（{Role(s.Role)}）"));
        var more = silent.Count > NamesListed ? $"等{silent.Count}人" : "";
        return $"{(warning.Exercise ? "【演练】" : "")}【叫应督办】{text.Headline}，{names}{more}未应答，请立即督促落实。";
    }

    public static string Role(string role) => role switch
    {
        ConfirmRoles.VillageOfficer => "村责任人",
        ConfirmRoles.TownshipOfficer => "乡镇责任人",
        ConfirmRoles.CountyDesk => "县值班室",
        ConfirmRoles.Public => "群众",
        _ => role,
    };

    public static string Channel(string channel) => channel switch
    {
        ConfirmationChannels.Sms => "短信回复",
        ConfirmationChannels.Link => "链接",
        ConfirmationChannels.Dashboard => "值班台登记",
        ConfirmationChannels.Drill => "演练模拟",
        _ => channel,
    };

    /// <summary>The confirmation page's heading and line, first use or again.</summary>
    public static (string Title, string Line) Page(string headline, string name, DateTimeOffset confirmedAt, bool again) => again
        ? ("已确认过", $"{name}：“{headline}”已于{Beijing(confirmedAt)}确认收到，无需再次确认。")
        : ("确认成功", $"{name}：已确认收到“{headline}”（{Beijing(confirmedAt)}）。请按预案落实防范措施。");

    public const string UnknownLink = "链接无效或已过期，请回复短信中的确认码，或联系县值班室。";

    private static string Beijing(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
