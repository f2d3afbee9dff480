using Warning.Storage.Spool;

namespace Warning.Storage.Influx;

/// <summary>The sink when storage is switched off (<c>Influx:Enabled=false</c>, as in replays).</summary>
public sealed class DiscardingSink : IReadingSink
{
    public bool Keeps => false;

    public ValueTask WriteAsync(InfluxPoint point, CancellationToken ct = default) => ValueTask.CompletedTask;

    public ValueTask<LogFrame?> WriteUnevaluatedAsync(InfluxPoint point, CancellationToken ct = default) => ValueTask.FromResult<LogFrame?>(null);

    public void Settled(LogFrame frame) => throw new InvalidOperationException("nothing is written here to settle");
}
