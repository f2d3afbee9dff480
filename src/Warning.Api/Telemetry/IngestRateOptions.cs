using System.ComponentModel.DataAnnotations;

namespace Warning.Api.Telemetry;

/// <summary>
/// How fast <c>POST /api/sensors/{id}/telemetry</c> takes requests (<c>Api</c> section): a broken logger or a
/// forger flooding one sensor, or one client flooding many, is slowed to these rates and answered 429, while every
/// other sensor and client goes on. A request may carry an array of up to 1000 readings.
/// </summary>
public sealed class IngestRateOptions
{
    public const string Section = "Api";

    /// <summary>Requests a second for one sensor, with a burst of ten times as many. Default 20.</summary>
    [Range(1, 1_000_000)]
    public int IngestPerSensorPerSecond { get; set; } = 20;

    /// <summary>Requests a second from one client address, with a burst of ten times as many. Default 1000.</summary>
    [Range(1, 1_000_000)]
    public int IngestPerClientPerSecond { get; set; } = 1000;
}
