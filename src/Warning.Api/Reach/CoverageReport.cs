namespace Warning.Api.Reach;

/// <summary>
/// <c>GET /api/areas/{code}/coverage</c>: of the public warnings issued in the area (and under it) over the period, the
/// share of targeted recipients their SMS was delivered to, against <c>Publication:CoverageTarget</c>; and per warning.
/// </summary>
public sealed record CoverageReport(string Area, DateTimeOffset? From, DateTimeOffset? To, double Target, int Warnings, int Targeted, int Delivered,
    double? Coverage, bool? MeetsTarget, IReadOnlyList<WarningCoverage> ByWarning);

/// <summary>One public warning's part of a coverage figure.</summary>
public sealed record WarningCoverage(string WarningId, string Area, string Hazard, string Level, DateTimeOffset Issued, int Targeted, int Delivered, double? Coverage);
