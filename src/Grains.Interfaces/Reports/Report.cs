namespace Warning.Grains.Reports;

/// <summary>
/// A community monitoring report (群测群防): what a village monitor or disaster information officer saw, where and when,
/// by whom (<see cref="ReporterId"/>: the recipient their number belongs to, null for an unknown number), how it came
/// (<see cref="Source"/>: <c>api</c>, <c>sms</c>, <c>mqtt</c>) and what the duty officer made of it
/// (<see cref="Status"/>, <see cref="ReportStatuses"/>). <see cref="Amount"/>: a <c>rain</c> report's millimetres.
/// </summary>
[GenerateSerializer, Immutable, Alias("Warning.Report")]
public sealed record Report(
    [property: Id(0)] string Id,
    [property: Id(1)] string Status,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Area,
    [property: Id(4)] string? Reporter,
    [property: Id(5)] string? ReporterId,
    [property: Id(6)] string? Phone,
    [property: Id(7)] double? Lat,
    [property: Id(8)] double? Lon,
    [property: Id(9)] string Text,
    [property: Id(10)] IReadOnlyList<string> Photos,
    [property: Id(11)] DateTimeOffset Observed,
    [property: Id(12)] DateTimeOffset Received,
    [property: Id(13)] string Source,
    [property: Id(14)] double? Amount = null,
    [property: Id(15)] string? DecidedBy = null,
    [property: Id(16)] DateTimeOffset? Decided = null,
    [property: Id(17)] string? Note = null);
