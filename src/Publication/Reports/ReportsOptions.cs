using System.ComponentModel.DataAnnotations;

namespace Warning.Publication.Reports;

/// <summary>
/// The <c>Reports</c> config section (community monitoring, 群测群防): the deadline of the first report (初报) of a
/// damage or casualty report at each desk of the disaster information chain.
/// </summary>
public sealed class ReportsOptions : IValidatableObject
{
    public const string Section = "Reports";

    /// <summary>A desk that has not acknowledged a damage or casualty report this long after it was sent is flagged overdue. Default 1 hour.</summary>
    public TimeSpan FirstReportWithin { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FirstReportWithin <= TimeSpan.Zero || FirstReportWithin > TimeSpan.FromDays(7))
            yield return new ValidationResult($"must be positive and at most 7 days, got {FirstReportWithin}", [nameof(FirstReportWithin)]);
    }
}
