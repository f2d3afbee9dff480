namespace Warning.Storage.Influx;

/// <summary>Where accepted readings go to be stored; waits when the writer is saturated (back-pressure).</summary>
public interface IReadingSink
{
    ValueTask WriteAsync(InfluxPoint point, CancellationToken ct = default);
}
