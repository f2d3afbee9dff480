using Warning.Grains.Reports;
using Warning.Rules.Reports;

namespace Warning.Publication.Texts;

/// <summary>
/// The texts of community reports (群测群防): the SMS answer to a reporter (received, or what was not understood), and
/// the notice of a damage or casualty report to the desks of the disaster information chain (四级灾情报送) with the code
/// to acknowledge it by. Chinese; split into UCS-2 segments like every SMS.
/// </summary>
public static class ReportTexts
{
    /// <summary>The answer to a registered reporter: what was recorded, and that the duty desk will check it.</summary>
    public static string Received(Report report) =>
        $"【群测群防】已收到您的{ReportKinds.Label(report.Kind)}报告（编号{report.Id}），值班员将核实。如有险情请立即组织群众避险。";

    /// <summary>The answer to a number not on the roster: kept, but only checked once the number is registered.</summary>
    public static string ReceivedUnregistered(Report report) =>
        $"【群测群防】已收到{ReportKinds.Label(report.Kind)}报告（编号{report.Id}）。您的号码未登记为监测员或灾害信息员，报告待核实。";

    /// <summary>The answer to an SMS read as a report that could not be understood, naming what was wrong.</summary>
    public static string NotUnderstood(string field, string? token) => field switch
    {
        "kind" when token is not null => $"【群测群防】未能识别报告类别“{token}”。请以类别开头，如“LF 裂缝 加宽5cm”。类别：{SmsReport.Codes()}",
        "kind" => $"【群测群防】报告未写类别。请以类别开头，如“LF 裂缝 加宽5cm”。类别：{SmsReport.Codes()}",
        "position" => "【群测群防】位置格式有误，应为“@纬度,经度”，如“LF @34.86,105.67 裂缝加宽”。",
        "amount" => "【群测群防】雨量报告缺少雨量数值（毫米），如“YL 35mm”。",
        _ => $"【群测群防】报告格式有误（{field}），请按“类别 内容”发送，如“LF 裂缝 加宽5cm”。",
    };

    /// <summary>A damage or casualty report up the chain: what, where, who reported, and the code to acknowledge.</summary>
    public static string ChainNotice(Report report, string areaName, string code, DateTimeOffset deadline) =>
        $"【灾情报送】{areaName}{report.Reporter ?? report.Phone}报告{ReportKinds.Label(report.Kind)}：{report.Text}（{Beijing(report.Observed)}，编号{report.Id}）。"
        + $"请于{Beijing(deadline)}前初报，收到请回复{code}。";

    private static string Beijing(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("M月d日HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
