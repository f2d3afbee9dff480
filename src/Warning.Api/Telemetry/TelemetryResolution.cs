using Warning.Storage.Rollups;

namespace Warning.Api.Telemetry;

/// <summary>
/// The <c>resolution</c> of <c>GET /api/sensors/{id}/telemetry</c>: <c>raw</c>, <c>1h</c> or <c>1d</c>; when not asked
/// for, chosen by the range so that any range is one answer of at most a few thousand points: up to 2 days raw, up to
/// 90 days hourly, beyond daily.
/// </summary>
public static class TelemetryResolution
{
    public const string Raw = "raw";

    public static readonly TimeSpan RawUpTo = TimeSpan.FromDays(2);

    public static readonly TimeSpan HourlyUpTo = TimeSpan.FromDays(90);

    public static readonly IReadOnlyList<string> Names = [Raw, .. Rollup.All.Select(r => r.Resolution)];

    public static string ForRange(TimeSpan span) =>
        span <= RawUpTo ? Raw : span <= HourlyUpTo ? Rollup.Hourly.Resolution : Rollup.Daily.Resolution;
}
