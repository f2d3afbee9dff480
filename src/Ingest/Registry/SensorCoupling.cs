using System.Text.Json;
using Warning.Grains.Sensors;

namespace Warning.Ingest.Registry;

/// <summary>
/// Which sensors' rules read other sensors — the one definition of it, for the replay's order and for which readings
/// may be evaluated after their acknowledgement. Independent: a rain gauge (its sums are read by coupled landslide
/// points, which ask it, never the other way round), a chemical detector outside any hazard source, a sensor with
/// ruleset <c>none</c>. The rest ask or tell others: cameras their area, detectors their source, landslide points
/// their <c>rainSensor</c>.
/// </summary>
public static class SensorCoupling
{
    public static bool IsIndependent(SensorDefinition sensor) =>
        sensor.Ruleset == "none" || sensor.Kind == "rain" || (sensor.Kind == "chemical" && !HasString(sensor.ParamsJson, "source"));

    /// <summary>Whether the sensor's rule asks a rain gauge (a landslide point's <c>rainSensor</c>).</summary>
    public static bool AsksRainGauge(SensorDefinition sensor) => HasString(sensor.ParamsJson, "rainSensor");

    private static bool HasString(string paramsJson, string name)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(paramsJson) ? "{}" : paramsJson);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.String;
    }
}
