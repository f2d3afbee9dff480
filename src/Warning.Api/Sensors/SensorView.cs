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
    long Duplicates,
    long TooLate)
{
    /// <summary>Online is the sensor grain's word: reported, and not silent past its offlineAfter since (the same on every silo).</summary>
    public static SensorView From(SensorDefinition d, SensorSnapshot? s)
    {
        using var doc = JsonDocument.Parse(d.ParamsJson);
        return new SensorView(d.Id, d.Kind, d.Name, d.Region, d.Lat, d.Lon, d.Areas, d.Ruleset, doc.RootElement.Clone(),
            s?.Level ?? "none", s?.Online ?? false, s?.LastSeen, s?.LastReading, s?.ActiveWarningId, s?.Notices ?? [], s?.Readings ?? 0, s?.Duplicates ?? 0, s?.TooLate ?? 0);
    }
}
