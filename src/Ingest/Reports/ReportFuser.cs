using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Warning.Grains.Publication;
using Warning.Grains.Reports;
using Warning.Grains.Sensors;
using Warning.Grains.Telemetry;
using Warning.Grains.Warnings;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Registry;
using Warning.Publication.Reports;
using Warning.Rules.Levels;
using Warning.Rules.Reports;

namespace Warning.Ingest.Reports;

/// <summary>
/// A verified report joins the sensors (群测群防 fused with monitoring), a thin shell around <see cref="ReportFusion"/>:
/// a macro sign raises the active warnings of the landslide points within <c>Reports:Radius</c> for
/// <c>Reports:HoldFor</c>; a flood raises the active torrent warnings of its village to at least 准备转移; a rain amount
/// enters the nearest gauge's rule as a reading (<c>source: report</c>) through the ingest pipeline like any other.
/// </summary>
public sealed class ReportFuser(SensorRegistry registry, IGrainFactory grains, IngestPipeline pipeline, IOptions<ReportsOptions> options, TimeProvider time,
    ILogger<ReportFuser> log)
{
    public const string Source = "report";

    /// <summary>The warnings the report raised (for a rain report, the gauge it went to).</summary>
    public async Task<IReadOnlyList<string>> Fuse(Report report)
    {
        if (report.Status != ReportStatuses.Verified) return [];
        var sensors = registry.All;
        static ReportFusion.Point Point(SensorDefinition s) => new(s.Id, s.Lat, s.Lon, s.Areas);
        if (report.Kind == ReportKinds.Rain && report.Amount is { } mm)
        {
            if (ReportFusion.Nearest(report.Lat, report.Lon, report.Area, sensors.Where(s => s.Kind == "rain").Select(Point)) is not { } gauge) return [];
            var reading = new Reading(gauge.Id, report.Observed, null, new Dictionary<string, double> { ["rain_mm"] = mm }, Source);
            var result = await pipeline.SubmitReadingAsync(Source, $"report:{report.Id}", reading);
            log.LogInformation("Rain report {Report} ({Mm} mm) entered gauge {Gauge}: {Outcome}", report.Id, mm, gauge.Id, result);
            return [gauge.Id];
        }
        IReadOnlyList<ReportFusion.Point> points;
        string? floor = null;
        if (ReportKinds.MacroSigns.Contains(report.Kind))
            points = ReportFusion.Near(report.Lat, report.Lon, report.Area, sensors.Where(s => Hazards.Of(s.Kind, s.Ruleset) == Hazards.Geohazard).Select(Point), options.Value.Radius);
        else if (report.Kind == ReportKinds.Flooding)
        {
            points = ReportFusion.InVillage(report.Area, sensors.Where(s => Hazards.Of(s.Kind, s.Ruleset) == Hazards.Torrent).Select(Point));
            floor = ReportFusion.Flooded(WarningLevel.None).ToContractName();
        }
        else return [];
        var now = time.GetUtcNow();
        var raise = new ReportCorroboration(report.Id, report.Kind, now + options.Value.HoldFor, options.Value.HoldFor, report.DecidedBy ?? "operator", floor, report.Text);
        var raised = new List<string>();
        foreach (var point in points)
        {
            if (await grains.GetGrain<ISensorGrain>(point.Id).GetSnapshot() is not { ActiveWarningId: { } warningId }) continue;
            if (await grains.GetGrain<IWarningGrain>(warningId).Corroborate(raise) is { } warning)
            {
                raised.Add(warning.Id);
                log.LogInformation("Report {Report} ({Kind}) raised warning {Warning} of {Sensor} to {Level}", report.Id, report.Kind, warning.Id, point.Id, warning.Level);
            }
        }
        return raised;
    }
}
