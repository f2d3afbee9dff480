using System.Globalization;
using System.Text;
using Warning.Rules.Skill;

namespace Warning.Silo.Replay;

/// <summary>
/// The HTML report's skill section: for each level a plot (POD, FAR and CSI as bars, observed-only grey beside
/// forecast-driven blue; the lead-time median in hours printed under them) and the figures in a table.
/// </summary>
public static class SkillSection
{
    private static readonly string[] Levels = ["blue", "yellow", "orange", "red"];

    public static void Render(StringBuilder html, ReplaySkill? skill)
    {
        if (skill is null) return;
        html.Append("<h2>Skill 检验 (all scored gauges)</h2><div class=\"skill\">");
        foreach (var level in Levels)
        {
            var observed = skill.Total.Observed[level];
            var forecast = skill.Total.Forecast?[level];
            Plot(html, level, observed, forecast);
        }
        html.Append("</div><table><tr><th>level</th><th>run</th><th>events</th><th>hits</th><th>misses</th><th>false alarms</th><th>POD</th><th>FAR</th><th>CSI</th><th>lead median</th><th>lead p10</th></tr>");
        foreach (var level in Levels)
        {
            Row(html, level, "observed", skill.Total.Observed[level]);
            if (skill.Total.Forecast?[level] is { } f) Row(html, level, "forecast", f);
        }
        html.Append("</table>");
    }

    private static void Plot(StringBuilder html, string level, LevelSkill observed, LevelSkill? forecast)
    {
        const int width = 220, height = 150, barWidth = 18, baseY = 120;
        html.Append(CultureInfo.InvariantCulture, $"<svg class=\"skill-plot\" data-level=\"{level}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\"><title>{level}: POD, FAR, CSI</title>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"6\" y=\"14\" font-size=\"12\">{level} — events {observed.Events}</text>");
        var metrics = new (string Name, Func<LevelSkill, double?> Of)[] { ("POD", s => s.Pod), ("FAR", s => s.Far), ("CSI", s => s.Csi) };
        for (var i = 0; i < metrics.Length; i++)
        {
            var x = 20 + i * 66;
            Bar(html, x, metrics[i].Of(observed), "#999", barWidth, baseY);
            if (forecast is not null) Bar(html, x + barWidth + 2, metrics[i].Of(forecast), "#1f6fd1", barWidth, baseY);
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{baseY + 13}\" font-size=\"11\">{metrics[i].Name}</text>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<line x1=\"14\" y1=\"{baseY}\" x2=\"{width - 6}\" y2=\"{baseY}\" stroke=\"#444\"/>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"6\" y=\"{baseY + 27}\" font-size=\"11\">lead median: {Hours(observed.LeadMedianHours)} / {(forecast is null ? "—" : Hours(forecast.LeadMedianHours))}</text>");
        html.Append("</svg> ");
    }

    private static void Bar(StringBuilder html, int x, double? value, string colour, int width, int baseY)
    {
        var h = (int)Math.Round((value ?? 0) * 90);
        html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{baseY - h}\" width=\"{width}\" height=\"{h}\" fill=\"{colour}\"><title>{(value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "n/a")}</title></rect>");
    }

    private static void Row(StringBuilder html, string level, string run, LevelSkill s) =>
        html.Append(CultureInfo.InvariantCulture,
            $"<tr><td>{level}</td><td>{run}</td><td>{s.Events}</td><td>{s.Hits}</td><td>{s.Misses}</td><td>{s.FalseAlarms}</td><td>{Ratio(s.Pod)}</td><td>{Ratio(s.Far)}</td><td>{Ratio(s.Csi)}</td><td>{Hours(s.LeadMedianHours)}</td><td>{Hours(s.LeadP10Hours)}</td></tr>");

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "—";

    private static string Hours(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) + " h" : "—";
}
