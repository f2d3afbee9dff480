using System.Globalization;
using System.Net;
using System.Text;
using Warning.Grains.Sensors;

namespace Warning.Silo.Replay;

/// <summary>
/// A self-contained page (inline CSS and SVG, no script, no CDN) a planner can read: per sensor the readings over
/// time with the warning levels drawn as bands, a table of warnings with onset, end, evidence and lead time before the
/// series' peak, and totals per level and per area.
/// </summary>
public static class HtmlReport
{
    private const int Width = 960;
    private const int Height = 180;
    private const int MaxPoints = 1500;
    private const int MaxCharts = 60;

    private static readonly Dictionary<string, string> Colours = new()
    {
        ["blue"] = "#2f6fde", ["yellow"] = "#f2c500", ["orange"] = "#f07d00", ["red"] = "#d7191c",
    };

    private static readonly Dictionary<string, string> Chinese = new()
    {
        ["blue"] = "蓝色", ["yellow"] = "黄色", ["orange"] = "橙色", ["red"] = "红色",
    };

    public static string Render(ReplayReport report, IReadOnlyDictionary<string, ReplaySeries> series, IReadOnlyDictionary<string, SensorDefinition> sensors)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>回放报告 Replay report</title><style>")
            .Append("body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px}")
            .Append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f3f3f3}")
            .Append(".lv{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}svg{border:1px solid #ddd;background:#fff}.muted{color:#777}")
            .Append("</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>回放报告 Replay report（演练 exercise）</h1><p>{E(report.Input)}<br>{report.Readings:N0} readings, {report.Rejected:N0} rejected, {report.Warnings.Count} warning levels, {report.WallSeconds:0.###} s</p>");

        Totals(html, report, sensors);
        SkillSection.Render(html, report.Skill);
        WarningTable(html, report, series);

        html.Append("<h2>Sensors 监测点</h2>");
        var charted = report.Warnings.Select(w => w.SensorId).Distinct().Concat(series.Keys.Order(StringComparer.Ordinal)).Distinct()
            .Where(series.ContainsKey).Take(MaxCharts).ToList();
        foreach (var id in charted) Chart(html, id, series[id], report.Warnings.Where(w => w.SensorId == id).ToList(), sensors.GetValueOrDefault(id));
        if (series.Count > charted.Count) html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{series.Count - charted.Count} more sensors without warnings are not drawn.</p>");
        return html.Append("</body></html>").ToString();
    }

    private static void Totals(StringBuilder html, ReplayReport report, IReadOnlyDictionary<string, SensorDefinition> sensors)
    {
        html.Append("<h2>Totals 统计</h2><table><tr><th>level</th><th>count</th></tr>");
        foreach (var level in Colours.Keys)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Swatch(level)}{Chinese[level]} {level}</td><td>{report.Warnings.Count(w => w.Level == level)}</td></tr>");
        }
        html.Append("</table><br><table><tr><th>area</th>");
        foreach (var level in Colours.Keys) html.Append(CultureInfo.InvariantCulture, $"<th>{level}</th>");
        html.Append("</tr>");
        var byArea = report.Warnings
            .SelectMany(w => (sensors.TryGetValue(w.SensorId, out var s) ? s.Areas : [w.SensorId]).Select(a => (Area: a, w.Level)))
            .GroupBy(x => x.Area).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var area in byArea)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(area.Key)}</td>");
            foreach (var level in Colours.Keys) html.Append(CultureInfo.InvariantCulture, $"<td>{area.Count(x => x.Level == level)}</td>");
            html.Append("</tr>");
        }
        html.Append("</table>");
    }

    private static void WarningTable(StringBuilder html, ReplayReport report, IReadOnlyDictionary<string, ReplaySeries> series)
    {
        html.Append("<h2>Warnings 预警</h2><table><tr><th>sensor</th><th>ruleset</th><th>level</th><th>onset</th><th>ended</th><th>evidence</th><th>lead before peak</th></tr>");
        foreach (var w in report.Warnings)
        {
            var evidence = w.Evidence is { } e ? $"{e.Metric} {e.Window}: {e.Value.ToString(CultureInfo.InvariantCulture)} ≥ {e.Threshold.ToString(CultureInfo.InvariantCulture)}" : "";
            var lead = series.TryGetValue(w.SensorId, out var s) && s.Peak is { } peak && peak.Ts >= w.Onset ? Duration(peak.Ts - w.Onset) : "—";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(w.SensorId)}</td><td>{E(w.Ruleset)}</td><td>{Swatch(w.Level)}{Chinese.GetValueOrDefault(w.Level, w.Level)}</td><td>{w.Onset:yyyy-MM-dd HH:mm zzz}</td><td>{w.Ended:yyyy-MM-dd HH:mm}</td><td>{E(evidence)}</td><td>{lead}</td></tr>");
        }
        html.Append("</table>");
    }

    private static void Chart(StringBuilder html, string id, ReplaySeries s, List<ReplayWarning> warnings, SensorDefinition? sensor)
    {
        var points = s.Downsampled(MaxPoints);
        if (points.Count == 0) return;
        var (t0, t1) = (points[0].Ts, points[^1].Ts);
        var span = Math.Max(1, (t1 - t0).TotalSeconds);
        var max = Math.Max(points.Max(p => p.Value), 1e-9);
        var min = Math.Min(0, points.Min(p => p.Value));
        double X(DateTimeOffset t) => Math.Round((t - t0).TotalSeconds / span * (Width - 60) + 50, 1);
        double Y(double v) => Math.Round(Height - 20 - (v - min) / (max - min) * (Height - 35), 1);

        html.Append(CultureInfo.InvariantCulture, $"<h3>{E(id)} <span class=\"muted\">{E(sensor?.Name ?? "")} · {E(s.Metric)} · peak {s.Peak?.Value.ToString(CultureInfo.InvariantCulture)} at {s.Peak?.Ts:yyyy-MM-dd HH:mm}</span></h3>");
        html.Append(CultureInfo.InvariantCulture, $"<svg width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{E(id)} readings\">");
        foreach (var w in warnings)
        {
            var x0 = X(w.Onset < t0 ? t0 : w.Onset);
            var x1 = X(w.Ended is { } end && end < t1 ? end : t1);
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0}\" y=\"5\" width=\"{Math.Max(1, x1 - x0)}\" height=\"{Height - 25}\" fill=\"{Colours.GetValueOrDefault(w.Level, "#999")}\" opacity=\"0.25\"><title>{w.Level} {w.Onset:yyyy-MM-dd HH:mm}</title></rect>");
        }
        var path = string.Join(" ", points.Select((p, i) => $"{(i == 0 ? "M" : "L")}{X(p.Ts).ToString(CultureInfo.InvariantCulture)},{Y(p.Value).ToString(CultureInfo.InvariantCulture)}"));
        html.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"#333\" stroke-width=\"1\"/>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"14\" font-size=\"11\">{max.ToString("0.##", CultureInfo.InvariantCulture)}</text><text x=\"4\" y=\"{Height - 22}\" font-size=\"11\">{min.ToString("0.##", CultureInfo.InvariantCulture)}</text>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"50\" y=\"{Height - 4}\" font-size=\"11\">{t0:yyyy-MM-dd HH:mm}</text><text x=\"{Width - 130}\" y=\"{Height - 4}\" font-size=\"11\">{t1:yyyy-MM-dd HH:mm}</text></svg>");
    }

    private static string Swatch(string level) => $"<span class=\"lv\" style=\"background:{Colours.GetValueOrDefault(level, "#999")}\"></span>";

    private static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{t.TotalHours:0.#} h" : $"{t.TotalMinutes:0} min";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
