using System.Text.Json;
using Warning.Grains.Sensors;
using Warning.Grains.Telemetry;

namespace Warning.Api.Sensors;

/// <summary>A sensor as the API shows it: its registry entry, last reading, level in force and liveness.</summary>
public sealed record SensorView(
    string Id,
    string Kind,
    string Name,
    string Region,
    double? Lat,
    double? Lon,
    IReadOnlyList<string> Areas,
    string Ruleset,
    JsonElement Params,
    string Level,
    bool Online,
    DateTimeOffset? LastSeen,
    Reading? LastReading,
    string? ActiveWarningId,
    IReadOnlyList<SensorNotice> Notices,
    long Readings,
    long Duplicates)
{
    /// <summary>Offline after this long without a reading (RULES.md <c>offline</c>: at least PT10M).</summary>
    public static readonly TimeSpan OfflineAfter = TimeSpan.FromMinutes(10);

    public static SensorView From(SensorDefinition d, SensorSnapshot? s, DateTimeOffset now)
    {
        using var doc = JsonDocument.Parse(d.ParamsJson);
        var online = s is not null && s.StatusOnline != false && s.LastSeen is { } seen && now - seen < OfflineAfter;
        return new SensorView(d.Id, d.Kind, d.Name, d.Region, d.Lat, d.Lon, d.Areas, d.Ruleset, doc.RootElement.Clone(),
            s?.Level ?? "none", online, s?.LastSeen, s?.LastReading, s?.ActiveWarningId, s?.Notices ?? [], s?.Readings ?? 0, s?.Duplicates ?? 0);
    }
}
