namespace Warning.Storage.Influx;

/// <summary>The sink when storage is switched off (<c>Influx:Enabled=false</c>, as in replays).</summary>
public sealed class DiscardingSink : IReadingSink
{
    public ValueTask WriteAsync(InfluxPoint point, CancellationToken ct = default) => ValueTask.CompletedTask;
}
