using Warning.Grains.Telemetry;
using Warning.Ingest.Registry;

namespace Warning.Silo.Replay;

/// <summary>
/// Splits the readings of one event time into those whose sensors neither ask nor tell other sensors (rain gauges,
/// whose sums coupled landslide points read afterwards; chemical detectors outside any hazard source; <c>none</c>),
/// which may go in any order, and the rest (cameras, landslide points, detectors of a source), which go one by one
/// in id order. Every replay path uses this order, so they all give the same warnings.
/// </summary>
public sealed class ReplayOrder(SensorRegistry registry)
{
    private readonly Dictionary<string, bool> _independent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReplayRole> _roles = new(StringComparer.Ordinal);

    public (List<(string Kind, Reading Reading)> Independent, List<(string Kind, Reading Reading)> Dependent) Split(List<(string Kind, Reading Reading)> group)
    {
        var independent = new List<(string, Reading)>(group.Count);
        var dependent = new List<(string, Reading)>();
        foreach (var item in group) (IsIndependent(item.Reading.SensorId) ? independent : dependent).Add(item);
        return (independent, dependent);
    }

    /// <summary>
    /// Alone for the independent; AsksAlone for a sensor whose rule asks a rain gauge (<c>rainSensor</c>, the only question
    /// one sensor's rule puts to an independent one); InOrder for the rest (cameras, detectors of a source, unknown ids),
    /// which ask and tell only each other.
    /// </summary>
    public ReplayRole Role(string sensorId)
    {
        if (_roles.TryGetValue(sensorId, out var known)) return known;
        var role = IsIndependent(sensorId) ? ReplayRole.Alone
            : registry.TryGet(sensorId, out var sensor) && SensorCoupling.AsksRainGauge(sensor) ? ReplayRole.AsksAlone
            : ReplayRole.InOrder;
        return _roles[sensorId] = role;
    }

    /// <summary>Whether a forecast issue for this sensor goes to its rule: a registered rain gauge (always independent).</summary>
    public bool TakesForecasts(string sensorId) => IsIndependent(sensorId) && registry.TryGet(sensorId, out var sensor) && sensor.Kind == "rain";

    /// <summary>Whether the sensor neither asks nor tells other sensors (its readings may go in any order with others').</summary>
    public bool IsIndependent(string sensorId)
    {
        if (_independent.TryGetValue(sensorId, out var known)) return known;
        return _independent[sensorId] = registry.TryGet(sensorId, out var sensor) && SensorCoupling.IsIndependent(sensor);
    }
}
