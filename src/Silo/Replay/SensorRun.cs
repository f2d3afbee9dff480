using Warning.Grains.Telemetry;

namespace Warning.Silo.Replay;

/// <summary>
/// What one sensor takes in a chunk of a replay, in event-time order: its readings and, among them, the forecast issues
/// for it (kind <see cref="ReplayInput.ForecastKind"/>), each after the readings of its time.
/// </summary>
public sealed record SensorRun(string SensorId, List<(string Kind, Reading Reading)> Items);
