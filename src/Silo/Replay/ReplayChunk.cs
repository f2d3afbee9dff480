using Warning.Grains.Telemetry;

namespace Warning.Silo.Replay;

/// <summary>
/// A span of event time replayed as one: first every <see cref="Runs"/> (sensors that neither ask nor tell others, each
/// its own items in order, the sensors concurrently), then <see cref="InOrder"/> one by one — the readings of sensors
/// that depend on others, step by step, each step's other forecast issues after them (see <see cref="ReplayChunker"/>).
/// </summary>
public sealed record ReplayChunk(IReadOnlyList<SensorRun> Runs, IReadOnlyList<(string Kind, Reading Reading)> InOrder)
{
    public int Readings => Runs.Sum(r => r.Items.Count(i => i.Kind != ReplayInput.ForecastKind)) + InOrder.Count(i => i.Kind != ReplayInput.ForecastKind);
}
