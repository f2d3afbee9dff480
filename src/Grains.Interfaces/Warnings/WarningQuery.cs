namespace Warning.Grains.Warnings;

/// <summary>
/// Filters of <c>GET /api/warnings</c>; null means any. <see cref="Region"/> and <see cref="Area"/> match the code and
/// every code under it; <see cref="From"/> ≤ onset &lt; <see cref="To"/> (event time); <see cref="After"/> is the cursor
/// of the page before.
/// </summary>
public sealed record WarningQuery(
    bool? Active = null,
    string? Kind = null,
    string? Region = null,
    string? Level = null,
    string? SensorId = null,
    string? Status = null,
    string? Hazard = null,
    string? Area = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int? Limit = null,
    string? After = null)
{
    public const int DefaultLimit = 1000;
}
