using System.Diagnostics.Metrics;

namespace Warning.Storage.Influx;

/// <summary>The storage side of <c>/metrics</c>.</summary>
public sealed class StorageMetrics
{
    public const string MeterName = "Warning.Storage";

    public StorageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        PointsWritten = meter.CreateCounter<long>("warning.influx.points.written", description: "Points InfluxDB accepted");
        BatchesSpooled = meter.CreateCounter<long>("warning.influx.batches.spooled", description: "Batches written ahead to the spool");
        WriteFailures = meter.CreateCounter<long>("warning.influx.write.failures", description: "Batch writes that failed after retries");
        BatchesRejected = meter.CreateCounter<long>("warning.influx.batches.rejected", description: "Batches InfluxDB refused as malformed, set aside");
        SpoolFailures = meter.CreateCounter<long>("warning.influx.spool.failures", description: "Batches the spool could not write (disk full or not writable)");
        PointsBeyondRetention = meter.CreateCounter<long>("warning.influx.points.beyond_retention", description: "Points InfluxDB dropped as older than Influx:RawRetention");
        RollupHours = meter.CreateCounter<long>("warning.influx.rollup.hours", description: "Hours of a measurement rolled up (hourly and their days)");
        RollupPoints = meter.CreateCounter<long>("warning.influx.rollup.points", description: "Rollup points written");
        RollupFailures = meter.CreateCounter<long>("warning.influx.rollup.failures", description: "Rollup runs that failed (their hours are kept for the next)");
        Meter = meter;
    }

    public Meter Meter { get; }

    public Counter<long> PointsWritten { get; }

    public Counter<long> BatchesSpooled { get; }

    public Counter<long> WriteFailures { get; }

    public Counter<long> BatchesRejected { get; }

    public Counter<long> SpoolFailures { get; }

    public Counter<long> PointsBeyondRetention { get; }

    public Counter<long> RollupHours { get; }

    public Counter<long> RollupPoints { get; }

    public Counter<long> RollupFailures { get; }
}
