using System.ComponentModel.DataAnnotations;

namespace Warning.Publication.Reports;

/// <summary>
/// The <c>Reports</c> config section (community monitoring, 群测群防): the deadline of the first report (初报) of a
/// damage or casualty report at each desk of the disaster information chain, and how far and how long a verified
/// macro sign raises the warnings of landslide points.
/// </summary>
public sealed class ReportsOptions : IValidatableObject
{
    public const string Section = "Reports";

    /// <summary>A desk that has not acknowledged a damage or casualty report this long after it was sent is flagged overdue. Default 1 hour.</summary>
    public TimeSpan FirstReportWithin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A verified macro-sign report raises the warnings of landslide points within this many metres. Default 500.</summary>
    public double Radius { get; set; } = Warning.Rules.Reports.ReportFusion.DefaultRadiusMetres;

    /// <summary>How long a verified report keeps a warning raised (wall clock, from the verification). Default 24 hours.</summary>
    public TimeSpan HoldFor { get; set; } = Warning.Rules.Reports.ReportFusion.DefaultHoldFor;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FirstReportWithin <= TimeSpan.Zero || FirstReportWithin > TimeSpan.FromDays(7))
            yield return new ValidationResult($"must be positive and at most 7 days, got {FirstReportWithin}", [nameof(FirstReportWithin)]);
        if (!double.IsFinite(Radius) || Radius is <= 0 or > 50_000) yield return new ValidationResult($"must be more than 0 and at most 50000 metres, got {Radius}", [nameof(Radius)]);
        if (HoldFor <= TimeSpan.Zero || HoldFor > TimeSpan.FromDays(30)) yield return new ValidationResult($"must be positive and at most 30 days, got {HoldFor}", [nameof(HoldFor)]);
    }
}
